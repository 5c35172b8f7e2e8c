// Sign-in form. The password never leaves this form except in the login request.
import { api } from '../api.js';
import { h, setText } from '../dom.js';

export function renderLogin(view, { onSignedIn }) {
  const error = h('p', { class: 'form-error', role: 'alert' });
  const username = h('input', { name: 'username', id: 'username', autocomplete: 'username', required: true, autofocus: true });
  const password = h('input', { name: 'password', id: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, '登录');
  const form = h(
    'form',
    {
      class: 'login card',
      onsubmit: async (event) => {
        event.preventDefault();
        setText(error, '');
        submit.disabled = true;
        try {
          const { user } = await api('/api/session/login', { method: 'POST', body: { username: username.value, password: password.value } });
          password.value = '';
          await onSignedIn(user);
        } catch (e) {
          setText(error, e.message);
          password.select();
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('h1', null, '民声 · 网民留言办理系统'),
    h('p', { class: 'muted' }, '铜川市印台区人民政府 · 工作人员登录'),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, '用户名'), username),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, '密码'), password),
    error,
    submit,
    h('a', { href: '#/help', class: 'help-link', id: 'login-help' }, '使用说明'),
  );
  view.append(h('div', { class: 'login-wrap' }, form));
  username.focus();
}
