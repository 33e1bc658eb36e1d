import type { StrapiApp } from '@strapi/strapi/admin';

// The admin opens in Chinese for everyone, the login page included, unless a person has
// picked another language (which the admin keeps under this key).
const LANGUAGE_KEY = 'strapi-admin-language';
if (typeof window !== 'undefined' && !window.localStorage.getItem(LANGUAGE_KEY)) {
  window.localStorage.setItem(LANGUAGE_KEY, 'zh-Hans');
}

// Editors work in Chinese: zh-Hans is offered, and the first admin is created with it as
// their language (see src/bootstrap/first-admin.ts).
export default {
  config: {
    locales: ['zh-Hans'],
    translations: {
      'zh-Hans': {
        'Auth.form.welcome.title': '欢迎使用妇联信息发布系统',
        'Auth.form.welcome.subtitle': '请登录您的账户',
        'app.components.LeftMenu.navbrand.title': '妇联信息发布',
        'app.components.LeftMenu.navbrand.workplace': '内容管理',
      },
    },
    tutorials: false,
    notifications: { releases: false },
  },
  bootstrap(_app: StrapiApp) {},
};
