/**
 * A Markdown body an attacker (or a careless paste) might put in the CMS: a dozen kinds of
 * XSS. Each one, if it survived, would set window.pwned in the reader's browser.
 */
export const HOSTILE_TITLE = '恶意代码测试新闻';
export const HOSTILE_SLUG = 'e2e-hostile-markdown';

export const HOSTILE_BODY = [
  '正文开头 5 < 6 & 7 > 3，这段文字必须原样保留。',
  '<script>window.pwned = "script"</script>',
  '<img src="x" onerror="window.pwned = \'img\'">',
  '<svg onload="window.pwned = \'svg\'"><circle r="5"/></svg>',
  "[普通样子的链接](javascript:window.pwned='md-link')",
  '<a href="JaVaScRiPt:window.pwned=\'a\'">另一个链接</a>',
  '<a href="&#106;avascript:window.pwned=\'entity\'">实体编码链接</a>',
  '<iframe src="javascript:window.top.pwned=\'iframe\'"></iframe>',
  '<form action="javascript:window.pwned=\'form\'"><button>提交</button></form>',
  '<details open ontoggle="window.pwned = \'details\'"><summary>详情</summary></details>',
  '<style>@import "javascript:window.pwned=1";</style>',
  '<p style="background:url(javascript:window.pwned=\'style\')">样式</p>',
  '<object data="data:text/html,<script>parent.pwned=\'object\'</script>"></object>',
  '<meta http-equiv="refresh" content="0;url=javascript:window.pwned=\'meta\'">',
  '![图片](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)',
  '<math><mtext><img src=x onerror="window.pwned=\'math\'"></mtext></math>',
  '正文结尾。',
].join('\n\n');
