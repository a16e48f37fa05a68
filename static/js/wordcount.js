// Live word count of lists of observations and final reports (P 37, P 38). Mirrors
// observations/words.py exactly: same separators, same CJK ranges, same rule.
(function () {
  "use strict";
  var SEPARATORS = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/u;
  var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2fa1f}]/gu;
  var LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

  function countWords(text) {
    var n = 0;
    (text || "").split(SEPARATORS).forEach(function (token) {
      var start = 0;
      var match;
      CJK.lastIndex = 0;
      while ((match = CJK.exec(token)) !== null) {
        if (LETTER_OR_DIGIT.test(token.slice(start, match.index))) n += 1;
        n += 1;
        start = match.index + match[0].length;
      }
      if (LETTER_OR_DIGIT.test(token.slice(start))) n += 1;
    });
    return n;
  }

  function update(form) {
    var total = 0;
    form.querySelectorAll("textarea[data-count-words]").forEach(function (area) {
      total += countWords(area.value);
    });
    var limit = parseInt(form.getAttribute("data-word-limit"), 10);
    form.querySelectorAll("[data-word-total]").forEach(function (out) {
      out.textContent = String(total);
      out.classList.toggle("over-limit", total > limit);
    });
  }

  if (typeof document !== "undefined") {
    document.addEventListener("DOMContentLoaded", function () {
      document.querySelectorAll("form[data-word-limit]").forEach(function (form) {
        form.addEventListener("input", function () { update(form); });
        update(form);
      });
    });
  }
  if (typeof module !== "undefined") module.exports = { countWords: countWords };
})();
