// Adds the widget's script tag as a site would write it, with the key from ?key= as its data-key (a site of your own
// writes the tag itself: <script src="https://<kensaku>/widget.js" data-key="<key>" data-target="#search">).
const script = document.createElement('script');
script.src = '/widget.js';
script.dataset.target = '#search';
script.dataset.limit = '5';
script.dataset.key = new URLSearchParams(location.search).get('key') || '';
document.body.appendChild(script);
