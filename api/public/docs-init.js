// Loaded by /docs: the interactive reference for /openapi.json, served from this origin (no CDN).
window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
