// The search page: reads ?q=, runs the search (search.js) and lists the results as
// <li data-article-id="..."> in rank order. Text only: titles are never parsed as HTML.
(function () {
  'use strict';
  var html = document.documentElement;
  var root = html.getAttribute('data-root');
  var loc = html.getAttribute('data-locale');
  var status = document.getElementById('search-status');
  var list = document.getElementById('results');
  var input = document.getElementById('q');
  var query = new URLSearchParams(window.location.search).get('q') || '';
  if (input) input.value = query;
  if (!query.trim()) return;
  status.textContent = status.getAttribute('data-searching');
  window.KBSearch.search(root, loc, query, 10).then(function (hits) {
    list.textContent = '';
    hits.forEach(function (hit) {
      var li = document.createElement('li');
      li.setAttribute('data-article-id', hit.id);
      var a = document.createElement('a');
      a.href = root + hit.url;
      a.textContent = hit.title;
      li.appendChild(a);
      list.appendChild(li);
    });
    status.textContent = hits.length ? '' : status.getAttribute('data-none');
    list.setAttribute('data-done', 'true');
  }, function (err) {
    status.textContent = String(err && err.message || err);
    list.setAttribute('data-done', 'error');
  });
})();
