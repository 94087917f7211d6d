/* The page's language for the page scripts: each script registers its own words in every language the
 * site offers and asks for them by key; the API is told the language with Accept-Language, so its
 * messages (field errors, 409s, 429s) come back in it too.
 *
 *   VaI18n.add({ en: { "book.pick": "Pick a time" }, es: { "book.pick": "Elige una hora" } });
 *   VaI18n.t("book.pick");                      // in <html lang>, falling back to English
 *   VaI18n.t("book.left", { n: 3 });            // "{n} left" -> "3 left"
 *   fetch(url, { headers: VaI18n.headers({ Accept: "application/json" }) });
 */
(function () {
  "use strict";
  var words = {};

  function lang() {
    return ((document.documentElement.lang || "en").toLowerCase().split("-")[0]) || "en";
  }

  function add(byLanguage) {
    Object.keys(byLanguage).forEach(function (code) {
      words[code] = words[code] || {};
      Object.assign(words[code], byLanguage[code]);
    });
  }

  function t(key, vars) {
    var text = (words[lang()] || {})[key];
    if (text === undefined) text = (words.en || {})[key];
    if (text === undefined) {
      console.warn("i18n: no words for " + key);
      return key;
    }
    return String(text).replace(/\{(\w+)\}/g, function (whole, name) {
      return vars && vars[name] !== undefined ? String(vars[name]) : whole;
    });
  }

  /* The request headers with the page's language added. */
  function headers(extra) {
    return Object.assign({ "Accept-Language": lang() }, extra || {});
  }

  window.VaI18n = { lang: lang, add: add, t: t, headers: headers };
})();
