// mdBook loads additional-js as classic scripts, and pv-playground's embedding script is an ES
// module: import it, from where it sits beside this book (dist/ holds both).
import(new URL('../../pv-playground-embed.js', document.currentScript.src).href);
