'use strict';
// This package is an ES module. Its package.json "exports" sends CommonJS `require()` here, so that
// requiring it fails with a message that says how to load it, instead of "No exports main defined".
const { name } = require('./package.json');
const error = new Error(
  `${name} is an ES module and cannot be loaded with require(). ` +
    `In an ES module (an .mjs file, or "type": "module" in package.json): import { … } from '${name}'; ` +
    `from CommonJS: const ring = await import('${name}');`,
);
error.code = 'ERR_REQUIRE_ESM';
throw error;
