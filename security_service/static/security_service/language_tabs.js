// The language tabs of every translated form (modeltranslation's, made with jQuery UI): each tab is the list item
// jQuery UI made focusable (it names its panel in aria-controls and takes the arrow keys); the link in it is only its
// text, not a second control (axe: nested-interactive). A click on it still selects the tab.
"use strict";
(function ($) {
  function flattenLanguageTabs(root) {
    root.find(".ui-tabs-nav li[role='tab'] > a[href]").each((i, link) => {
      // Without its address, jQuery UI would take the tab for one loaded from the server: its panels are all here.
      $(link).closest(".ui-tabs").tabs("instance").load = $.noop;
      link.removeAttribute("href");
      link.removeAttribute("tabindex");
      link.setAttribute("role", "presentation");
    });
  }
  window.flattenLanguageTabs = flattenLanguageTabs;

  $(function () {
    flattenLanguageTabs($(document));
    // modeltranslation makes some of its tabs after this (those of fields shown read-only among them).
    window.setTimeout(() => flattenLanguageTabs($(document)));
    $(window).on("load", () => flattenLanguageTabs($(document)));
  });
})(django.jQuery);
