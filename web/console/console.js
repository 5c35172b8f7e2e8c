// The live case list. Message text is untrusted: it is only ever set with textContent.
const stateNames = { awaiting_review: '待复核', registered: '已登记', not_accepted: '不予受理' };
const tbody = document.querySelector('#cases tbody');
const status = document.getElementById('status');

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text ?? '';
  return td;
}

async function refresh() {
  try {
    const res = await fetch('/api/cases?limit=200');
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const { cases } = await res.json();
    const rows = cases.map((c) => {
      const tr = document.createElement('tr');
      tr.append(cell(c.ledgerNo), cell(c.category), cell(stateNames[c.state] ?? c.state), cell(c.dueDate ?? '—'), cell(c.title), cell(c.source), cell(String(c.reporterCount)));
      return tr;
    });
    tbody.replaceChildren(...rows);
    status.textContent = `共 ${cases.length} 件，更新于 ${new Date().toLocaleTimeString('zh-CN')}`;
  } catch (error) {
    status.textContent = `加载失败：${error.message}`;
  }
}

refresh();
setInterval(refresh, 3000);
