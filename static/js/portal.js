// Attachments over the limit are refused before the upload starts (the server refuses them too).
document.querySelectorAll("input[type=file][data-max-bytes]").forEach((input) => {
  const limit = Number(input.dataset.maxBytes);
  const error = input.closest(".field")?.querySelector("[data-size-error]");
  const tooBig = () => Array.from(input.files).some((file) => file.size > limit);
  const check = () => {
    const refused = tooBig();
    if (error) error.hidden = !refused;
    if (refused) input.value = "";
  };
  input.addEventListener("change", check);
  input.form?.addEventListener("submit", (event) => {
    if (tooBig()) { event.preventDefault(); check(); }
  });
});

// A form marked data-once sends once: a double click does not post twice (the server's key also guards it).
document.querySelectorAll("form[data-once]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    if (form.dataset.sent) { event.preventDefault(); return; }
    if (!event.defaultPrevented) form.dataset.sent = "1";
  });
});
