import type { Core } from '@strapi/strapi';

/** What editors read for the folder of files that came in through the API (imports, scripts). */
export const API_UPLOAD_FOLDER_NAME = '导入的文件';

interface Folder {
  id: number;
  name: string;
}

interface ApiUploadFolderService {
  getAPIUploadFolder(): Promise<Folder>;
}

/**
 * Strapi puts every file uploaded through the REST API (the importer, scripts) into a folder
 * it names "API Uploads", created on the first such upload and found again by its id. Editors
 * see that folder in the media library, so it gets a Chinese name, whenever it is created.
 */
export function nameApiUploadFolder(strapi: Core.Strapi): void {
  const service = strapi.plugin('upload').service('api-upload-folder') as unknown as ApiUploadFolderService;
  const original = service.getAPIUploadFolder.bind(service);
  service.getAPIUploadFolder = async () => {
    const folder = await original();
    if (folder.name.startsWith('API Uploads')) {
      await strapi.db.query('plugin::upload.folder').update({ where: { id: folder.id }, data: { name: API_UPLOAD_FOLDER_NAME } });
      return { ...folder, name: API_UPLOAD_FOLDER_NAME };
    }
    return folder;
  };
}
