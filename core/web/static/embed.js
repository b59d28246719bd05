// The Pôle CPS agenda in a partner's page: <div data-pole-cps-agenda="departement=44&nombre=5">.
// It fetches the list as an HTML fragment from the Pôle's site (the same origin as this script)
// and puts it in the element. The default styles below have zero specificity (:where), so any
// rule of the partner's own stylesheet wins.
(function () {
  var script = document.currentScript;
  var origin = new URL(script.src).origin;
  var style = document.createElement("style");
  style.textContent =
    ":where(.pole-cps-agenda__list){list-style:none;margin:0;padding:0}" +
    ":where(.pole-cps-agenda__item){display:flex;flex-direction:column;padding:.4em 0}" +
    ":where(.pole-cps-agenda__title){font-weight:700}";
  document.head.appendChild(style);
  document.querySelectorAll("[data-pole-cps-agenda]").forEach(function (element) {
    var query = element.getAttribute("data-pole-cps-agenda") || "";
    fetch(origin + "/integration/agenda?format=fragment&" + query)
      .then(function (response) { return response.text(); })
      .then(function (html) { element.innerHTML = html; })
      .catch(function () { /* the link left in the element still leads to the agenda */ });
  });
})();
