// Font-size control (GB/T 37668: text can be enlarged without assistive technology); kept per visitor.
(function () {
  var KEY = "portal-font", steps = [87.5, 100, 112.5, 125, 150];
  function apply(i) { document.documentElement.style.fontSize = steps[i] + "%"; }
  var current = parseInt(localStorage.getItem(KEY) || "1", 10);
  if (!(current >= 0 && current < steps.length)) { current = 1; }
  apply(current);
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-font]");
    if (!button) { return; }
    var step = parseInt(button.getAttribute("data-font"), 10);
    current = step === 0 ? 1 : Math.min(steps.length - 1, Math.max(0, current + step));
    localStorage.setItem(KEY, String(current));
    apply(current);
  });
}());
