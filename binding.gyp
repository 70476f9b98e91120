{
  "targets": [
    {
      "target_name": "wgan_gp",
      "sources": ["<!@(node native/build-helpers/sources.cjs)"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "dependencies": ["<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except"],
      "defines": ["NAPI_VERSION=8", "<!@(node native/build-helpers/targets.cjs define <(target_arch))", "<!@(node native/build-helpers/blas.cjs defines <(target_arch))"],
      "libraries": ["<!@(node native/build-helpers/blas.cjs libraries <(target_arch))", "-ldl"],
      "cflags_cc": ["-std=c++17", "-O3", "-fno-math-errno", "-fno-trapping-math", "-Wno-unused-parameter", "<!@(node native/build-helpers/targets.cjs flags <(target_arch))"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17"]
    }
  ]
}
