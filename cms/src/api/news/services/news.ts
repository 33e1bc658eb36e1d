import { news } from '@fulian/shared-types/model';
import { factories } from '@strapi/strapi';

export default factories.createCoreService(news.uid);
