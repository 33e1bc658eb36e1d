import { category } from '@fulian/shared-types/model';
import { factories } from '@strapi/strapi';

export default factories.createCoreController(category.uid);
