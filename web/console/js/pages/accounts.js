// 账号: the admin creates staff accounts (handling units' accounts belong to one unit) and resets
// passwords; everyone changes their own password here.
import { api } from '../api.js';
import { badge, clear, field, h, select, toast } from '../dom.js';

function passwordForm(ctx) {
  const old = h('input', { type: 'password', name: 'oldPassword', autocomplete: 'current-password', required: true });
  const next = h('input', { type: 'password', name: 'password', autocomplete: 'new-password', minlength: '8', required: true });
  const again = h('input', { type: 'password', name: 'again', autocomplete: 'new-password', minlength: '8', required: true });
  const form = h(
    'form',
    {
      class: 'card filters',
      id: 'password-form',
      onsubmit: async (e) => {
        e.preventDefault();
        if (next.value !== again.value) return toast('两次输入的新密码不一致', 'error');
        try {
          await api(`/api/workflow/users/${encodeURIComponent(ctx.user.username)}/password`, { method: 'POST', body: { oldPassword: old.value, password: next.value } });
          form.reset();
          toast('密码已修改');
        } catch (error) {
          toast(error.message, 'error');
        }
      },
    },
    field('原密码', old),
    field('新密码（至少 8 位）', next),
    field('再次输入新密码', again),
    h('div', { class: 'filter-buttons' }, h('button', { type: 'submit', class: 'primary' }, '修改密码')),
  );
  return form;
}

async function adminSection(ctx, container) {
  const roles = ctx.meta.roles.filter((r) => r.id !== 'system');
  const unitNames = Object.fromEntries(ctx.meta.units.map((u) => [u.id, u.name]));
  const tbody = h('tbody');
  const load = async () => {
    const { users } = await api('/api/workflow/users');
    clear(tbody);
    for (const u of users) {
      const reset = async () => {
        const password = window.prompt(`为 ${u.username} 设置新密码（至少 8 位）`);
        if (!password) return;
        try {
          await api(`/api/workflow/users/${encodeURIComponent(u.username)}/password`, { method: 'POST', body: { password } });
          toast(`已重置 ${u.username} 的密码`);
        } catch (error) {
          toast(error.message, 'error');
        }
      };
      tbody.append(
        h('tr', null, h('td', null, u.username), h('td', null, u.displayName), h('td', null, roles.find((r) => r.id === u.role)?.name ?? u.role), h('td', null, u.unitId ? (unitNames[u.unitId] ?? u.unitId) : '—'), h('td', null, u.disabled ? badge('已停用', 'danger') : badge('正常', 'ok')), h('td', null, h('button', { type: 'button', onclick: reset }, '重置密码'))),
      );
    }
  };
  const role = select('role', roles, 'unit');
  const unit = select('unitId', [{ id: '', name: '（非承办单位账号不选）' }, ...ctx.meta.units], '');
  const form = h(
    'form',
    {
      class: 'card filters',
      id: 'user-form',
      onsubmit: async (e) => {
        e.preventDefault();
        const data = Object.fromEntries(new FormData(form).entries());
        if (!data.unitId) delete data.unitId;
        try {
          await api('/api/workflow/users', { method: 'POST', body: data });
          form.reset();
          toast(`已创建账号 ${data.username}`);
          await load();
        } catch (error) {
          toast(error.message, 'error');
        }
      },
    },
    field('用户名', h('input', { name: 'username', required: true, pattern: '[A-Za-z0-9_.-]{2,40}' })),
    field('姓名或单位', h('input', { name: 'displayName', required: true })),
    field('角色', role),
    field('所属单位', unit),
    field('初始密码（至少 8 位）', h('input', { name: 'password', type: 'password', minlength: '8', required: true, autocomplete: 'new-password' })),
    h('div', { class: 'filter-buttons' }, h('button', { type: 'submit', class: 'primary' }, '创建账号')),
  );
  container.append(
    h('h3', null, '创建账号'),
    form,
    h('h3', null, '全部账号'),
    h('table', { class: 'grid', id: 'users' }, h('thead', null, h('tr', null, ['用户名', '姓名', '角色', '所属单位', '状态', ''].map((t) => h('th', null, t)))), tbody),
  );
  await load();
}

export async function renderAccounts(view, ctx) {
  view.append(h('div', { class: 'page-head' }, h('h2', null, '账号与密码')), h('h3', null, `修改我的密码（${ctx.user.username}）`), passwordForm(ctx));
  if (ctx.user.role === 'admin') await adminSection(ctx, view);
}
