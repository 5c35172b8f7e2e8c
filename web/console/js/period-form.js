// The period (from–to dates) a statistics page counts over: two date fields and 统计, which go to
// `#/<page>?from=…&to=…`. A start after the end is said beside the fields and goes nowhere; a
// period the server refuses is shown the same way with `showError`, beside the field it names (an
// impossible start date under 自, not under 至).
import { field, h } from './dom.js';
import { reportProblems, reversedPeriod, setFieldError } from './form-checks.js';

/** `fromLabel`: the first field's label (自, or 决定日期自 where the date counted needs naming). */
export function periodForm(ctx, { page, fromLabel = '自', id } = {}) {
  const q = ctx.query;
  const from = h('input', { type: 'date', name: 'from', value: q.get('from') ?? '' });
  const to = h('input', { type: 'date', name: 'to', value: q.get('to') ?? '' });
  const form = h(
    'form',
    {
      class: 'inline-form',
      ...(id ? { id } : {}),
      onsubmit: (e) => {
        e.preventDefault();
        const problems = from.value && to.value && from.value > to.value ? [[to, reversedPeriod(from.value, to.value)]] : [];
        if (reportProblems(form, problems)) ctx.navigate(`#/${page}?from=${from.value}&to=${to.value}`);
      },
    },
    field(fromLabel, from),
    field('至', to),
    h('button', { type: 'submit' }, '统计'),
  );
  return {
    form,
    /** The period the server settled on (it fills a missing end), shown back in the fields. */
    show(period) {
      from.value = period.from;
      to.value = period.to;
    },
    /** `error`: the server's refusal (an ApiError, whose `fields` say which date it refused). */
    showError(error) {
      const refusedStart = error.fields?.includes('from') && !error.fields.includes('to');
      setFieldError(refusedStart ? from : to, error.message);
    },
  };
}
