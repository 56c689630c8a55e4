/**
 * Web plumbing shared by the features: problem+json bodies ({@link io.redkit.web.Problems}), the client address behind
 * trusted proxies ({@link io.redkit.web.ProxyHeaders}) and the {@link io.redkit.web.WebSettings} and {@link
 * io.redkit.web.ProxySettings}. See {@code docs/operations.md}.
 */
package io.redkit.web;
