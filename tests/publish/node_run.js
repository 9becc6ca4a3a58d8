// Runs site scripts in a fresh V8 context, then one function over JSON input:
// stdin {"files": [paths], "code": "function (input, root) {...}", "input": ...}; stdout JSON.
'use strict';
const fs = require('fs');
const vm = require('vm');
const job = JSON.parse(fs.readFileSync(0, 'utf8'));
const ctx = {};
ctx.globalThis = ctx;
vm.createContext(ctx);
for (const f of job.files) vm.runInContext(fs.readFileSync(f, 'utf8'), ctx, { filename: f });
const fn = vm.runInContext('(' + job.code + ')', ctx);
process.stdout.write(JSON.stringify(fn(job.input, ctx)));
