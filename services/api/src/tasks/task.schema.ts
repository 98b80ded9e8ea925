import { builder } from '../schema/builder.js';
import { loadScoped } from '../schema/loaders.js';
import { ChecklistTemplateItem, Task, WarmUpPost } from './task.entity.js';

export const TaskRef = builder.loadableNodeRef('Task', {
  id: { resolve: (task: Task) => task.id },
  load: loadScoped<Task>(Task),
  sort: (task) => task.id,
});

export const ChecklistTemplateItemRef = builder.loadableNodeRef('ChecklistTemplateItem', {
  id: { resolve: (item: ChecklistTemplateItem) => item.id },
  load: loadScoped<ChecklistTemplateItem>(ChecklistTemplateItem),
  sort: (item) => item.id,
});

export const WarmUpPostRef = builder.loadableNodeRef('WarmUpPost', {
  id: { resolve: (post: WarmUpPost) => post.id },
  load: loadScoped<WarmUpPost>(WarmUpPost),
  sort: (post) => post.id,
});

// STUB: the tasks domain replaces these with the full types, queries and mutations.
TaskRef.implement({ description: 'A task.', fields: (t) => ({ title: t.exposeString('title') }) });
ChecklistTemplateItemRef.implement({ description: 'A checklist template line.', fields: () => ({}) });
WarmUpPostRef.implement({ description: 'A warm-up post.', fields: () => ({}) });
