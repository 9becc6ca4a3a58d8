// The help center's search: the same analysis and BM25F ranking as the studio's preview.
//
// Query analysis follows search_index/README.md step by step (kbstudio/search/analysis.py
// is the reference); scores use the numbers exported from the Whoosh index
// (kbstudio/publishing/searchexport.py), so a query ranks here as it does in the app.
// Index files are plain scripts that call KBSearch.meta/terms/docs, because browsers
// refuse fetch() on file:// pages and the site must work from a folder too.
(function (root) {
  'use strict';
  var KB = root.KBSearch = root.KBSearch || {};
  var store = KB.store = KB.store || {};

  var MAX_TERM = 64, MAX_QUERY_CHARS = 2000, MAX_QUERY_TERMS = 64;
  var CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\u30fc\\u3005\\u3006';
  // One pass, leftmost first: a decimal number, a CJK run, or a run of other letters,
  // marks and digits (analysis step 2).
  var SPLIT = new RegExp(
    '(\\p{N}+(?:[.,]\\p{N}+)+)|([' + CJK + ']+)|([[\\p{L}\\p{M}\\p{N}]--[' + CJK + ']]+)', 'gv');
  var MARKS = /\p{Mn}+/gu;
  var ASCII = /^[\x00-\x7f]*$/;

  function locale(name) {
    return store[name] || (store[name] = { meta: null, terms: {}, lengths: {}, docs: {} });
  }

  // Callbacks of the index files.
  KB.meta = function (loc, data) { locale(loc).meta = data; };
  KB.terms = function (loc, first, data) { locale(loc).terms[first] = data; };
  KB.docs = function (loc, n, rows) { locale(loc).docs[n] = rows; };
  KB.lengths = function (loc, field, packed) {
    var state = locale(loc);
    state.lengths[field] = unpack(state.meta, packed);
  };

  function codePoints(s) { return Array.from(s); }

  // ---------------------------------------------------------------- analysis

  function Analyzer(meta, stem) {
    this.meta = meta;
    this.stem = stem || null;
    this.stop = new Set(meta.stopwords);
    this.synonyms = new Map();
    this.firsts = new Set();
    this.longest = 0;
    for (var i = 0; i < meta.synonyms.length; i++) {
      var key = meta.synonyms[i][0];
      this.synonyms.set(key.join('\u0000'), meta.synonyms[i][1]);
      this.firsts.add(key[0]);
      this.longest = Math.max(this.longest, key.length);
    }
    this.cache = new Map();
  }

  // (term, isStop) of one word or number, or null for an over-long word (step 3).
  Analyzer.prototype.wordTerm = function (word) {
    if (this.cache.has(word)) return this.cache.get(word);
    var found = null;
    if (codePoints(word).length <= MAX_TERM) {
      var folds = this.meta.extraFolds;
      for (var a in folds) word = word.split(a).join(folds[a]);
      if (this.stop.has(word)) {
        found = [word, true];
      } else {
        var term = this.stem ? this.stem(word) : word;
        if (this.meta.fold) term = term.normalize('NFD').replace(MARKS, '').normalize('NFC');
        found = [term, false];
      }
    }
    this.cache.set(word, found);
    return found;
  };

  // Tokens {term, start, end, unigram, stop} of a text, synonym group terms appended.
  Analyzer.prototype.tokens = function (text) {
    text = text.normalize('NFKC').toLowerCase();
    var out = [], match;
    SPLIT.lastIndex = 0;
    while ((match = SPLIT.exec(text)) !== null) {
      var start = match.index;
      if (match[2]) {
        var run = codePoints(match[2]), pos = start, offsets = [];
        for (var i = 0; i < run.length; i++) { offsets.push(pos); pos += run[i].length; }
        offsets.push(pos);
        if (run.length === 1) out.push({ term: run[0], start: start, end: pos });
        for (var j = 0; j + 1 < run.length; j++) {
          out.push({ term: run[j] + run[j + 1], start: offsets[j], end: offsets[j + 2] });
        }
        for (var u = 0; u < run.length; u++) {
          out.push({ term: run[u], start: offsets[u], end: offsets[u + 1], unigram: true });
        }
        continue;
      }
      var found = this.wordTerm(match[1] || match[3]);
      if (found !== null) {
        out.push({ term: found[0], start: start, end: start + match[0].length, stop: found[1] });
      }
    }
    if (this.synonyms.size) {
      var main = out.filter(function (t) { return !t.unigram; });
      var spans = this.synonymSpans(main.map(function (t) { return t.term; }));
      for (var s = 0; s < spans.length; s++) {
        var sp = spans[s];
        out.push({ term: sp[0], start: main[sp[1]].start, end: main[sp[2] - 1].end });
      }
    }
    return out.filter(function (t) { return !t.stop; });
  };

  // Synonym phrases: longest first, left to right, never nested (step 5).
  Analyzer.prototype.synonymSpans = function (terms) {
    var found = [], i = 0, n = terms.length;
    while (i < n) {
      var step = 1;
      if (this.firsts.has(terms[i])) {
        for (var size = Math.min(this.longest, n - i); size > 0; size--) {
          var group = this.synonyms.get(terms.slice(i, i + size).join('\u0000'));
          if (group !== undefined) { found.push([group, i, i + size]); step = size; break; }
        }
      }
      i += step;
    }
    return found;
  };

  // The query's weighted terms, as LocaleIndex.plan() makes them.
  Analyzer.prototype.plan = function (text) {
    var cps = codePoints(text);
    if (cps.length > MAX_QUERY_CHARS) text = cps.slice(0, MAX_QUERY_CHARS).join('');
    var tokens = this.tokens(text);
    var words = tokens.filter(function (t) { return !t.unigram && t.term[0] !== '~'; });
    var weights = new Map();
    words.forEach(function (t) { if (!weights.has(t.term)) weights.set(t.term, 1.0); });
    var synWeight = this.meta.synonymWeight;
    tokens.forEach(function (syn) {
      if (syn.term[0] !== '~') return;
      var inside = words.filter(function (w) { return syn.start <= w.start && w.end <= syn.end; });
      if (inside.length > 1) {
        inside.forEach(function (w) {
          weights.set(w.term, Math.min(weights.get(w.term), 1.0 / inside.length));
        });
      }
      if (!weights.has(syn.term)) weights.set(syn.term, synWeight);
    });
    var terms = Array.from(weights.keys()).slice(0, MAX_QUERY_TERMS);
    var leaves = terms.map(function (t) { return ['all', t, weights.get(t)]; });
    var charsBoost = this.meta.charsBoost;
    terms.forEach(function (t) {
      if (codePoints(t).length === 1 && !ASCII.test(t)) leaves.push(['chars', t, charsBoost]);
    });
    return leaves;
  };

  // ---------------------------------------------------------------- scoring

  function chunkOf(meta, key) {
    var lo = 0, hi = meta.chunks.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (meta.chunks[mid] <= key) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  // A term chunk's file: 't' and its first key's UTF-8 bytes in hex, at most 60 of them
  // (searchexport.chunk_file).
  function chunkFile(first) {
    var bytes = unescape(encodeURIComponent(first)).slice(0, 60), name = 't';
    for (var i = 0; i < bytes.length; i++) {
      name += (bytes.charCodeAt(i) < 16 ? '0' : '') + bytes.charCodeAt(i).toString(16);
    }
    return name + '.js';
  }
  KB.chunkFile = chunkFile;

  // Character code -> [digit, continues?] of the packed alphabet (searchexport.py).
  function digitsOf(meta) {
    if (!meta.digits) {
      var digits = meta.digits = {}, term = meta.alphabet[0], cont = meta.alphabet[1];
      for (var t = 0; t < term.length; t++) digits[term.charCodeAt(t)] = [t, false];
      for (var c = 0; c < cont.length; c++) digits[cont.charCodeAt(c)] = [c, true];
    }
    return meta.digits;
  }

  // Packed numbers (searchexport.py): little-endian varints, CONT characters continue.
  function unpack(meta, text) {
    var digits = digitsOf(meta);
    var base = meta.alphabet[1].length, out = [], value = 0, mult = 1;
    for (var i = 0; i < text.length; i++) {
      var d = digits[text.charCodeAt(i)];
      value += d[0] * mult;
      if (d[1]) { mult *= base; } else { out.push(value); value = 0; mult = 1; }
    }
    return out;
  }
  KB.unpack = unpack;

  // *count* packed numbers of *text* from *start*: [numbers, where the next one starts].
  function readNumbers(meta, text, start, count) {
    var digits = digitsOf(meta), base = meta.alphabet[1].length, out = [], i = start;
    while (out.length < count) {
      var value = 0, mult = 1, d;
      do { d = digits[text.charCodeAt(i++)]; value += d[0] * mult; mult *= base; } while (d[1]);
      out.push(value);
    }
    return [out, i];
  }

  // The index files the leaves need: term chunks, then the length tables of their fields.
  KB.filesFor = function (meta, leaves) {
    var need = new Set(), fields = new Set();
    leaves.forEach(function (leaf) {
      var n = chunkOf(meta, leaf[0] + ' ' + leaf[1]);
      if (n >= 0) need.add(n);
      fields.add(leaf[0]);
    });
    var files = Array.from(need).sort(function (a, b) { return a - b; }).map(function (n) {
      return chunkFile(meta.chunks[n]);
    });
    Array.from(fields).sort().forEach(function (f) { files.push('l' + f + '.js'); });
    return files;
  };

  // A term entry's postings as [document numbers, weight codes] (searchexport.py).
  function postingsOf(meta, entry) {
    var docs = [], codes = [], i, slots = meta.slots;
    if (entry.length === 2) {  // packed gaps
      var numbers = unpack(meta, entry[1]), d = -1;
      for (i = 0; i < numbers.length; i++) {
        var p = numbers[i], code = p % slots;
        d += (p - code) / slots + 1;
        if (code === slots - 1) code += numbers[++i];  // a rare weight: its code follows
        docs.push(d);
        codes.push(code);
      }
      return [docs, codes];
    }
    var digits = digitsOf(meta), bitmap = entry[1], text = entry[2];
    for (i = 0; i < bitmap.length; i++) {  // six documents per character
      var bits = digits[bitmap.charCodeAt(i)][0];
      for (var j = 0; j < 6; j++) if (bits & (1 << j)) docs.push(6 * i + j);
    }
    // The term's weight table (its size, then the codes), two 3-bit digits per character,
    // then the codes of the postings whose digit is 7 (not in the table).
    var head = readNumbers(meta, text, 0, 1), size = head[0][0];
    var table = readNumbers(meta, text, head[1], size), at = table[1], local = table[0];
    var used = Math.ceil(docs.length / 2), rare = unpack(meta, text.slice(at + used)), r = 0;
    for (i = 0; i < docs.length; i++) {
      var pair = digits[text.charCodeAt(at + (i >> 1))][0];
      var digit = (i & 1) ? pair >> 3 : pair & 7;
      codes.push(digit === 7 ? rare[r++] : local[digit]);
    }
    return [docs, codes];
  }
  KB.postingsOf = postingsOf;

  // BM25F over the exported postings of *state* (meta, terms, lengths): [[docnum, score]]
  // best first, ties by article id (document numbers follow article ids).
  KB.rank = function (state, leaves) {
    var meta = state.meta, k1 = meta.k1, b = meta.b, scores = new Map();
    leaves.forEach(function (leaf) {
      var key = leaf[0] + ' ' + leaf[1], n = chunkOf(meta, key);
      var chunk = n >= 0 ? state.terms[meta.chunks[n]] : undefined;
      var entry = chunk ? chunk[key] : undefined;
      if (!entry) return;
      var idf = entry[0], postings = postingsOf(meta, entry), avg = meta.avg[leaf[0]];
      var docs = postings[0], codes = postings[1];
      var table = meta.lengths[leaf[0]], lengths = state.lengths[leaf[0]], boost = leaf[2];
      for (var i = 0; i < docs.length; i++) {
        var d = docs[i], w = meta.weights[codes[i]], len = table[lengths[d]];
        var norm = k1 * ((1 - b) + b * len / avg);
        var s = idf * ((w * (k1 + 1)) / (w + norm)) * boost;
        scores.set(d, (scores.get(d) || 0) + s);
      }
    });
    var ranked = [];
    scores.forEach(function (s, d) { if (s > 0) ranked.push([d, Number(s.toFixed(9))]); });
    ranked.sort(function (x, y) { return y[1] - x[1] || x[0] - y[0]; });
    return ranked;
  };

  KB.Analyzer = Analyzer;

  // ---------------------------------------------------------------- loading (browser)

  function loadScript(url) {
    var cache = KB.loading || (KB.loading = {});
    if (!cache[url]) {
      cache[url] = new Promise(function (resolve, reject) {
        var el = document.createElement('script');
        el.src = url;
        el.onload = function () { resolve(); };
        el.onerror = function () { reject(new Error('cannot load ' + url)); };
        document.head.appendChild(el);
      });
    }
    return cache[url];
  }

  // Search *query* in *loc*; resolves to [{id, title, url, score}] (site-relative urls).
  KB.search = function (base, loc, query, limit) {
    var dir = base + 'search/' + loc + '/';
    var state = locale(loc);
    return loadScript(dir + 'meta.js').then(function () {
      var meta = state.meta;
      var stemmer = meta.stemmer ? loadScript(base + 'assets/stem/' + meta.stemmer + '.js') : null;
      return Promise.resolve(stemmer).then(function () {
        if (!state.analyzer) {
          state.analyzer = new Analyzer(meta, meta.stemmer ? root.KBStem[meta.stemmer] : null);
        }
        var leaves = state.analyzer.plan(query);
        var loads = KB.filesFor(meta, leaves).map(function (name) {
          return loadScript(dir + name);
        });
        return Promise.all(loads).then(function () {
          var ranked = KB.rank(state, leaves).slice(0, limit || 10);
          var docChunks = new Set(ranked.map(function (r) { return Math.floor(r[0] / meta.docChunk); }));
          return Promise.all(Array.from(docChunks).map(function (n) {
            return loadScript(dir + 'd' + n + '.js');
          })).then(function () {
            return ranked.map(function (r) {
              var row = state.docs[Math.floor(r[0] / meta.docChunk)][r[0] % meta.docChunk];
              var url = meta.docUrl[0] + row[2] + meta.docUrl[1];
              return { id: row[0], title: row[1], url: url, score: r[1] };
            });
          });
        });
      });
    });
  };
})(typeof window !== 'undefined' ? window : globalThis);
