// Root page: send the reader to the help center in their language (the first of the
// browser's languages that the site has, else the site's source language). A query
// string (?q=...) is kept, so shared search links open the reader's search page.
(function () {
  'use strict';
  var html = document.documentElement;
  var have = html.getAttribute('data-locales').split(' ');
  var target = html.getAttribute('data-target') || 'index.html';
  var wanted = (navigator.languages && navigator.languages.length) ? navigator.languages : [navigator.language || ''];
  function pick() {
    for (var i = 0; i < wanted.length; i++) {
      var tag = wanted[i].toLowerCase();
      for (var j = 0; j < have.length; j++) if (have[j].toLowerCase() === tag) return have[j];
      // zh, zh-CN and zh-SG read Simplified Chinese; otherwise match the language part.
      if (/^zh(-(cn|sg|hans.*))?$/.test(tag) && have.indexOf('zh-Hans') >= 0) return 'zh-Hans';
      var lang = tag.split('-')[0];
      for (var k = 0; k < have.length; k++) if (have[k].toLowerCase() === lang) return have[k];
    }
    return html.getAttribute('data-default');
  }
  window.location.replace(pick() + '/' + target + window.location.search + window.location.hash);
})();
