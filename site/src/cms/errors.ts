/**
 * The CMS could not be read: names the URL and the cause so an operator can act on it.
 * The token is never part of the message.
 */
export class CmsRequestError extends Error {
  readonly url: string;
  readonly status: number | undefined;

  constructor(url: string, reason: string, options: { status?: number; cause?: unknown } = {}) {
    super(`读取 CMS 失败：${url} — ${reason}`, { cause: options.cause });
    this.name = 'CmsRequestError';
    this.url = url;
    this.status = options.status;
  }
}

/** One or more documents broke the content contract; each line names document and field. */
export class ContentContractError extends Error {
  readonly problems: string[];

  constructor(collection: string, problems: string[]) {
    super(`“${collection}”中有 ${problems.length} 处内容不符合约定，构建已停止：\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ContentContractError';
    this.problems = problems;
  }
}
