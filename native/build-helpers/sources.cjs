// Prints the addon's source files for binding.gyp (a CPU-only build), by the rule CMakeLists.txt applies:
// every .cpp under native/ outside native/cuda/, plus native/cuda/probe_none.cpp (the status of a build
// without CUDA). Nothing lists files by name, so adding a source file means only adding it.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..', '..');
const cppFiles = (dir) =>
  fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return rel === 'native/cuda' ? [] : cppFiles(rel);
    return e.name.endsWith('.cpp') ? [rel] : [];
  });
console.log([...cppFiles('native').sort(), 'native/cuda/probe_none.cpp'].join(' '));
