// 账号: the admin creates staff accounts (handling units' accounts belong to one unit), sets new
// passwords for other accounts and disables or re-enables them; everyone, the admin included, changes
// their own password here with the 原密码.
import { api } from '../api.js';
import { badge, clear, field, h, select, toast } from '../dom.js';
import { clearFieldErrors, reportProblems } from '../form-checks.js';

/** workflow/users/manage-users.ts createUserSchema; written for the `v` flag browsers use for `pattern`. */
const usernamePattern = '[A-Za-z0-9_.\\-]{2,40}';
const usernameRule = new RegExp(`^${usernamePattern}$`, 'u');
const minPassword = 8;

/** Problems with a new password typed twice, as [control, message] pairs. */
function passwordProblems(next, again) {
  if (next.value.length < minPassword) return [[next, `密码至少 ${minPassword} 位`]];
  if (next.value !== again.value) return [[again, '两次输入的密码不一致']];
  return [];
}

const clearOnInput = (e) => e.target.closest('.field')?.querySelector('.field-error')?.remove();

function passwordForm(ctx) {
  const old = h('input', { type: 'password', name: 'oldPassword', autocomplete: 'current-password', required: true });
  const next = h('input', { type: 'password', name: 'password', autocomplete: 'new-password', minlength: String(minPassword), required: true });
  const again = h('input', { type: 'password', name: 'again', autocomplete: 'new-password', minlength: String(minPassword), required: true });
  const change = h('button', { type: 'submit', class: 'primary' }, '修改密码');
  const form = h(
    'form',
    {
      class: 'card filters',
      id: 'password-form',
      novalidate: true,
      oninput: clearOnInput,
      onsubmit: async (e) => {
        e.preventDefault();
        if (!reportProblems(form, [...(old.value ? [] : [[old, '请输入原密码']]), ...passwordProblems(next, again)])) return;
        // A second click would send the old password again, now wrong, after the change succeeded.
        change.disabled = true;
        try {
          await api(`/api/workflow/users/${encodeURIComponent(ctx.user.username)}/password`, { method: 'POST', body: { oldPassword: old.value, password: next.value } });
          form.reset();
          toast('密码已修改');
        } catch (error) {
          toast(error.message, 'error');
        } finally {
          change.disabled = false;
        }
      },
    },
    field('原密码', old),
    field(`新密码（至少 ${minPassword} 位）`, next),
    field('再次输入新密码', again),
    h('div', { class: 'filter-buttons' }, change),
  );
  return form;
}

/** The admin's form for another account's new password, typed twice; shown under the table. */
function resetForm(user, { close }) {
  const next = h('input', { type: 'password', name: 'password', autocomplete: 'new-password', minlength: String(minPassword), required: true });
  const again = h('input', { type: 'password', name: 'again', autocomplete: 'new-password', minlength: String(minPassword), required: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, '设置新密码');
  const form = h(
    'form',
    {
      class: 'card filters',
      id: 'reset-form',
      novalidate: true,
      dataset: { username: user.username },
      oninput: clearOnInput,
      onsubmit: async (e) => {
        e.preventDefault();
        if (!reportProblems(form, passwordProblems(next, again))) return;
        submit.disabled = true;
        try {
          const { sessionsEnded } = await api(`/api/workflow/users/${encodeURIComponent(user.username)}/password`, { method: 'POST', body: { password: next.value } });
          toast(`已为 ${user.username} 设置新密码${user.disabled ? '' : '，登录锁定（如有）已解除'}${sessionsEnded > 0 ? `，该账号已登录的 ${sessionsEnded} 处已退出` : ''}`);
          close();
        } catch (error) {
          toast(error.message, 'error');
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('h4', { class: 'form-title' }, `为 ${user.username}（${user.displayName}）设置新密码`),
    field(`新密码（至少 ${minPassword} 位）`, next),
    field('再次输入新密码', again),
    h('div', { class: 'filter-buttons' }, submit, h('button', { type: 'button', onclick: close }, '取消')),
  );
  setTimeout(() => next.focus(), 0);
  return form;
}

async function adminSection(ctx, container) {
  const roles = ctx.meta.roles.filter((r) => r.id !== 'system');
  const unitNames = Object.fromEntries([...ctx.meta.units, ...(ctx.meta.retiredUnits ?? []).map((u) => ({ id: u.id, name: `${u.name}（已停用）` }))].map((u) => [u.id, u.name]));
  const tbody = h('tbody');
  const resetSlot = h('div', { id: 'reset-slot' });
  const closeReset = () => clear(resetSlot);
  const load = async () => {
    const { users } = await api('/api/workflow/users');
    clear(tbody);
    for (const u of users) {
      const toggle = async () => {
        try {
          await api(`/api/workflow/users/${encodeURIComponent(u.username)}/disabled`, { method: 'POST', body: { disabled: !u.disabled } });
          toast(u.disabled ? `已启用账号 ${u.username}` : `已停用账号 ${u.username}，其登录已失效`);
          await load();
        } catch (error) {
          toast(error.message, 'error');
        }
      };
      const isMe = u.username === ctx.user.username;
      tbody.append(
        h(
          'tr',
          { dataset: { username: u.username } },
          h('td', null, u.username),
          h('td', null, u.displayName),
          h('td', null, roles.find((r) => r.id === u.role)?.name ?? '未知角色'),
          h('td', null, u.unitId ? (unitNames[u.unitId] ?? '（单位已不在目录中）') : '—'),
          h('td', null, u.disabled ? badge('已停用', 'danger') : badge('正常', 'ok')),
          h(
            'td',
            { class: 'row-actions' },
            // One's own password is changed above with the 原密码 (workflow/audit/change-own-password.ts).
            isMe ? null : h('button', { type: 'button', class: 'reset-password', onclick: () => resetSlot.replaceChildren(resetForm(u, { close: closeReset })) }, '重设密码'),
            h('a', { class: 'security-log-link', href: `#/security-log?account=${encodeURIComponent(u.username)}`, title: '该账号的登录、失败、锁定和账号变更记录' }, '登录记录'),
            isMe ? null : h('button', { type: 'button', class: ['toggle-disabled', !u.disabled && 'danger'], onclick: toggle }, u.disabled ? '启用' : '停用'),
          ),
        ),
      );
    }
  };
  // The role is a choice the admin makes every time: no role is preselected (a forgotten unit
  // must not turn into a privileged office account), and only a unit account takes a unit.
  const role = select('role', [{ id: '', name: '（请选择角色）' }, ...roles], '');
  const unit = select('unitId', [{ id: '', name: '（请选择所属单位）' }, ...ctx.meta.units], '');
  const username = h('input', { name: 'username', required: true, pattern: usernamePattern, maxlength: '40', autocomplete: 'off' });
  const displayName = h('input', { name: 'displayName', required: true, maxlength: '60' });
  const password = h('input', { name: 'password', type: 'password', minlength: String(minPassword), required: true, autocomplete: 'new-password' });
  const create = h('button', { type: 'submit', class: 'primary' }, '创建账号');
  const syncUnit = () => {
    unit.disabled = role.value !== 'unit';
    if (unit.disabled) unit.value = '';
  };
  role.addEventListener('change', syncUnit);
  syncUnit();
  const problems = () => {
    const found = [];
    if (!usernameRule.test(username.value.trim())) found.push([username, '用户名应为 2 到 40 位字母、数字、下划线、点或连字符']);
    if (!displayName.value.trim()) found.push([displayName, '请填写姓名或单位']);
    if (!role.value) found.push([role, '请选择角色']);
    if (role.value === 'unit' && !unit.value) found.push([unit, '承办单位账号必须选择所属单位']);
    if (password.value.length < minPassword) found.push([password, `初始密码至少 ${minPassword} 位`]);
    return found;
  };
  const form = h(
    'form',
    {
      class: 'card filters',
      id: 'user-form',
      novalidate: true,
      oninput: clearOnInput,
      onsubmit: async (e) => {
        e.preventDefault();
        if (!reportProblems(form, problems())) return;
        const data = { username: username.value.trim(), displayName: displayName.value.trim(), role: role.value, password: password.value, ...(role.value === 'unit' ? { unitId: unit.value } : {}) };
        // One account per click: a second click while the first is on its way is ignored.
        create.disabled = true;
        try {
          await api('/api/workflow/users', { method: 'POST', body: data });
          form.reset();
          syncUnit();
          clearFieldErrors(form);
          toast(`已创建账号 ${data.username}`);
          await load();
        } catch (error) {
          toast(error.message, 'error');
        } finally {
          create.disabled = false;
        }
      },
    },
    field('用户名', username),
    field('姓名或单位', displayName),
    field('角色', role),
    field('所属单位（仅承办单位账号）', unit),
    field(`初始密码（至少 ${minPassword} 位）`, password),
    h('div', { class: 'filter-buttons' }, create),
  );
  container.append(
    h('h3', null, '创建账号'),
    form,
    h('h3', null, '全部账号'),
    h('table', { class: 'grid', id: 'users' }, h('thead', null, h('tr', null, ['用户名', '姓名', '角色', '所属单位', '状态', ''].map((t) => h('th', null, t)))), tbody),
    resetSlot,
  );
  await load();
}

export async function renderAccounts(view, ctx) {
  view.append(h('div', { class: 'page-head' }, h('h2', null, '账号与密码')), h('h3', null, `修改我的密码（${ctx.user.username}）`), passwordForm(ctx));
  if (ctx.user.role === 'admin') await adminSection(ctx, view);
}
