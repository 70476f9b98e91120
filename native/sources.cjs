// Prints the addon's source files (native/sources.txt) for binding.gyp, so node-gyp and CMake
// compile the same list.
const fs = require('fs');
const path = require('path');
const list = fs.readFileSync(path.join(__dirname, 'sources.txt'), 'utf8').split(/\s+/).filter(Boolean);
console.log(list.join(' '));
