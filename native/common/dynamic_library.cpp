#include "dynamic_library.h"

#include <dlfcn.h>
#include <glob.h>

#include <cstdlib>

namespace wgan {

std::string envValue(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::vector<std::string> globDirs(const std::string& pattern) {
  std::vector<std::string> out;
  glob_t g;
  if (glob(pattern.c_str(), GLOB_ONLYDIR, nullptr, &g) == 0)
    for (size_t i = 0; i < g.gl_pathc; ++i) out.push_back(g.gl_pathv[i]);
  globfree(&g);
  return out;
}

std::vector<std::string> pythonNvidiaDirs(const std::string& package) {
  std::vector<std::string> prefixes, dirs;
  for (const char* var : {"VIRTUAL_ENV", "CONDA_PREFIX"})
    if (!envValue(var).empty()) prefixes.push_back(envValue(var));
  if (!envValue("HOME").empty()) prefixes.push_back(envValue("HOME") + "/.local");
  prefixes.insert(prefixes.end(), {"/usr/local", "/usr", "/opt/conda"});
  for (const std::string& prefix : prefixes)
    for (const char* kind : {"site-packages", "dist-packages"})
      for (const std::string& dir : globDirs(prefix + "/lib/python3*/" + kind + "/nvidia/" + package + "/lib"))
        dirs.push_back(dir);
  return dirs;
}

FoundLibrary openLibrary(const std::vector<std::string>& dirs, const std::vector<std::string>& names,
                         const std::string& hint, bool global) {
  FoundLibrary lib;
  std::string lastError;
  for (const std::string& dir : dirs) {
    lib.searched.push_back(dir.empty() ? "the system library path" : dir);
    for (const std::string& name : names) {
      const std::string path = dir.empty() ? name : dir + "/" + name;
      void* handle = dlopen(path.c_str(), RTLD_NOW | (global ? RTLD_GLOBAL : RTLD_LOCAL));
      if (!handle) {
        const std::string why = dlerror();
        // "cannot open shared object file: No such file" is the normal miss; anything else is worth telling.
        if (why.find("No such file") == std::string::npos) lastError = why;
        continue;
      }
      lib.loaded = true;
      lib.handle = handle;
      lib.path = path;
      return lib;
    }
  }
  std::string list, where;
  for (const auto& s : names) list += (list.empty() ? "" : " or ") + s;
  for (const auto& s : lib.searched) where += (where.empty() ? "" : ", ") + s;
  lib.error = list + " not found (looked in " + where + (hint.empty() ? "" : "; " + hint) + ")" +
              (lastError.empty() ? "" : "; last error: " + lastError);
  return lib;
}

void* SymbolResolver::symbol(const char* name) { return dlsym(handle_, name); }

}  // namespace wgan
