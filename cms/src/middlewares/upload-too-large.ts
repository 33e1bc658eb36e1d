import type { Core } from '@strapi/strapi';
import { uploadLimits } from '../security/upload-rules';

/**
 * strapi::body stops reading a file at the size limit (config/middlewares.ts) and answers a
 * bare 413 "FileTooBig"; this, just before it, turns that into a sentence an editor can act on.
 * The file's name is not known yet at that point: the parser gave up before it.
 */
const uploadTooLarge: Core.MiddlewareFactory = () => async (ctx, next) => {
  await next();
  if (ctx.status !== 413) return;
  const mb = (uploadLimits().maxBytes / 1024 / 1024).toFixed(0);
  ctx.body = {
    data: null,
    error: {
      status: 413,
      name: 'PayloadTooLargeError',
      message: `上传的文件超过 ${mb} MB 的上限，未保存：请压缩或缩小后再上传`,
    },
  };
};

export default uploadTooLarge;
