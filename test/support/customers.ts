/**
 * 王芳 of Hangzhou, the customer most tests file, as a backend would post her
 * (without the phone: tests give it in the form they exercise), and her owner.
 */
export const WANG = {
  name: '王芳',
  email: 'wang.fang@example.com',
  locale: 'zh-CN',
  timezone: 'Asia/Shanghai',
  country: 'CN',
};

/** The salesperson who keeps 王芳. */
export const LI_LEI = { name: '李雷', email: 'li.lei@shop.example' };
