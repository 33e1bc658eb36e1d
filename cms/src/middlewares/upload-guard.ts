import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { checkUpload, type UploadedFile } from '../security/upload-rules';

interface FormidableFile {
  filepath: string;
  originalFilename?: string | null;
  newFilename?: string;
  size: number;
}

function filesOf(ctx: { request: { files?: Record<string, FormidableFile | FormidableFile[]> } }): UploadedFile[] {
  return Object.values(ctx.request.files ?? {})
    .flat()
    .map((f) => ({ name: f.originalFilename || f.newFilename || '未命名文件', path: f.filepath, size: f.size }));
}

/**
 * Checks every file of every multipart request — the admin's media library, its "replace
 * file", REST /api/upload — after strapi::body has put them on disk and before any route
 * sees them: src/security/upload-rules.ts says what passes. All problems of all files are
 * reported together, in Chinese, each naming its file; nothing of the request is stored.
 */
const uploadGuard: Core.MiddlewareFactory = () => async (ctx, next) => {
  const files = filesOf(ctx as never);
  if (files.length === 0) return next();
  const problems = (await Promise.all(files.map((file) => checkUpload(file)))).flat();
  if (problems.length > 0) {
    throw new errors.ValidationError(problems.join('；'), {
      errors: problems.map((message) => ({ path: ['files'], message, name: 'ValidationError' })),
    });
  }
  return next();
};

export default uploadGuard;
