// Enhancements only: every page works without this file.
// A "copy" button beside each calendar address (the address stays selectable without it).
document.querySelectorAll(".copy-source").forEach(function (field) {
  if (!navigator.clipboard) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "button-secondary button";
  button.textContent = field.getAttribute("data-copy-label") || "Copier l'adresse";
  var status = document.createElement("span");
  status.setAttribute("role", "status");
  status.className = "copy-status";
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(function () {
      status.textContent = "Adresse copiée.";
    }, function () {
      field.select();
      status.textContent = "Sélectionnée : copiez-la avec Ctrl+C.";
    });
  });
  field.after(button, status);
});
