// Before a binary is loaded: the CPU features it was compiled for (the .wgan_gp_cpu section that addon.cpp
// writes) against this CPU's (/proc/cpuinfo), so that a missing one is named instead of the process dying of
// "Illegal instruction". Used by lib/native.ts at load time and by install.cjs, which builds from source
// where the prebuild cannot run on this CPU.
// Written here rather than with an ELF package: only the section headers and one section are read (a few
// kB of a 30 MB file), with no dependency that must be installed before the build.
const fs = require('fs');

const SECTION = '.wgan_gp_cpu';

function readAt(fd, offset, length) {
  const buffer = Buffer.alloc(length);
  const read = fs.readSync(fd, buffer, 0, length, offset);
  return buffer.subarray(0, read);
}

/** { offset, size } in the file of the named section of a 64-bit little-endian ELF file; undefined where it
 *  has none or cannot be read. */
function elfSection(file, name) {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined; // loading it will say why
  }
  try {
    const header = readAt(fd, 0, 64);
    const isElf64le = header.length === 64 && header.readUInt32BE(0) === 0x7f454c46 && header[4] === 2 && header[5] === 1;
    if (!isElf64le) return undefined;
    const shoff = Number(header.readBigUInt64LE(0x28));
    const shentsize = header.readUInt16LE(0x3a), shnum = header.readUInt16LE(0x3c), shstrndx = header.readUInt16LE(0x3e);
    if (shnum === 0 || shstrndx >= shnum || shentsize < 40) return undefined;
    const table = readAt(fd, shoff, shentsize * shnum);
    if (table.length < shentsize * shnum) return undefined;
    const section = (i) => ({
      name: table.readUInt32LE(i * shentsize),
      offset: Number(table.readBigUInt64LE(i * shentsize + 24)),
      size: Number(table.readBigUInt64LE(i * shentsize + 32)),
    });
    const names = section(shstrndx);
    const strings = readAt(fd, names.offset, names.size);
    for (let i = 0; i < shnum; i++) {
      const { name: at, offset, size } = section(i);
      if (strings.toString('latin1', at, strings.indexOf(0, at)) === name) return { offset, size };
    }
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** The CPU features a wgan-gp binary needs (maybe none); undefined where the file does not say (not ELF, or a build from before the section). */
function requiredCpuFeatures(binary) {
  const section = elfSection(binary, SECTION);
  if (!section) return undefined;
  const fd = fs.openSync(binary, 'r');
  const bytes = readAt(fd, section.offset, section.size);
  fs.closeSync(fd);
  const list = bytes.toString('latin1').split('\0')[0];
  return list ? list.split(',') : [];
}

/** This CPU's features as the kernel names them ("flags" on x86, "Features" on Arm); undefined where
 *  /proc/cpuinfo cannot be read. Under qemu-user it shows the host's CPU, not the emulated one. */
function cpuFeatures() {
  let info;
  try {
    info = fs.readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return undefined;
  }
  const line = info.split('\n').find((l) => /^(flags|Features)\s*:/.test(l));
  return new Set(line ? line.split(':')[1].trim().split(/\s+/) : []);
}

/** The features `binary` needs that this CPU lacks (none where either side is unknown). */
function missingCpuFeatures(binary) {
  const needed = requiredCpuFeatures(binary) ?? [];
  const have = needed.length ? cpuFeatures() : undefined;
  return have ? needed.filter((f) => !have.has(f)) : [];
}

module.exports = { SECTION, elfSection, requiredCpuFeatures, cpuFeatures, missingCpuFeatures };
