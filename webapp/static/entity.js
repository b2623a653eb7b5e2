/* Entity pages: the 打印 button prints the file (the print stylesheet in app.css lays it out on A4). */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
