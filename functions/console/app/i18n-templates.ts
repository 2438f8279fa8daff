/** The words of the template pages (creating one, drafts, the variable picker), in both languages. */
export const templateEn = {
  newTemplate: 'New template',
  templateId: 'Template id (lower-case letters, digits and -, such as spring-offer)',
  templateIdBad: 'Use lower-case letters, digits and - only, such as spring-offer.',
  templateName: 'Name (the first subject line)',
  templateLocales: 'Languages',
  templateChannels: 'Channels',
  createTemplate: 'Create template',
  pickOne: 'Pick at least one language and one channel.',
  unsavedTabs: 'Unsaved changes in: {tabs}',
  unsavedLeave: 'You have unsaved template changes. Leave this page and lose them?',
  revertConfirm: 'Replace the live text with version {version}? It is saved as a new version.',
  variables: 'Variables',
  insertVariable: 'Insert a variable at the cursor',
  insertInto: 'Insert into',
};

export const templateZh: Record<keyof typeof templateEn, string> = {
  newTemplate: '新建模板',
  templateId: '模板编号(小写字母、数字和 -,例如 spring-offer)',
  templateIdBad: '只能使用小写字母、数字和 -,例如 spring-offer。',
  templateName: '名称(作为首个邮件主题)',
  templateLocales: '语言',
  templateChannels: '渠道',
  createTemplate: '创建模板',
  pickOne: '请至少选择一种语言和一个渠道。',
  unsavedTabs: '以下标签有未保存的修改:{tabs}',
  unsavedLeave: '模板有未保存的修改。确定离开此页并放弃这些修改吗?',
  revertConfirm: '用第 {version} 版替换当前内容吗?它会另存为一个新版本。',
  variables: '变量',
  insertVariable: '在光标处插入变量',
  insertInto: '插入到',
};
