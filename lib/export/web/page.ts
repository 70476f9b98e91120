/** index.html of a web export: loads the sampler module from ./sampler/ and model.json beside it (on the
 *  backend that ?backend= names, else 'auto'), and shows any failure, a missing sampler file included, in
 *  the page instead of a blank one. */

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function indexHtml(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; max-width: 60rem; }
  canvas { image-rendering: pixelated; border: 1px solid #ccc; vertical-align: middle; }
  canvas.grid { cursor: pointer; }
  .error { color: #a00; background: #fee; border: 1px solid #c66; padding: 0.6rem; }
  .status { color: #555; }
  .interpolation { display: flex; gap: 0.8rem; align-items: center; flex-wrap: wrap; }
  .slider { width: 14rem; }
  button { font-size: 1rem; padding: 0.3rem 0.9rem; }
</style>
</head>
<body>
<main id="app"><p class="status">loading…</p></main>
<noscript><p class="error">This page draws samples with JavaScript: please enable it.</p></noscript>
<script type="module">
  const app = document.getElementById('app');
  import('./sampler/index.js')
    // ?backend=js runs the plain-JavaScript layers even where the browser has WebGPU
    .then(({ mountSampler }) => (window.wganGp = mountSampler(app, { model: './model.json', backend: new URLSearchParams(location.search).get('backend') ?? undefined })))
    .catch((error) => {
      if (app.dataset.state === 'error') return; // the sampler has shown it
      app.dataset.state = 'error';
      app.innerHTML = '<p class="error" role="alert"></p>';
      app.firstChild.textContent = 'Cannot show samples: ' + (error && error.message ? error.message : error);
    });
</script>
</body>
</html>
`;
}
