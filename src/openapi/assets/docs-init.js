// Starts Swagger UI on /api/docs. A file rather than inline script: the page's CSP allows scripts from 'self' only.
/* global SwaggerUIBundle, SwaggerUIStandalonePreset */
'use strict';

window.addEventListener('load', () => {
  window.ui = SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    // The public validator badge would call validator.swagger.io: the page talks to its own origin only.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
});
