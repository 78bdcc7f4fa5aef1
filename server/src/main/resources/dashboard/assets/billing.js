// Settings > Billing: the plan, this month's requests and credits against its limits, a chart per
// day and a table per provider, and the org's recent refusals; all from the admin API.
'use strict';

(function () {
  const { api, el, status, when } = Aegis;
  const SVG = 'http://www.w3.org/2000/svg';

  function svg(tag, attributes, children) {
    const node = document.createElementNS(SVG, tag);
    Object.entries(attributes).forEach(function ([name, value]) { node.setAttribute(name, value); });
    (children || []).forEach(function (child) { node.append(child); });
    return node;
  }

  function limit(meterId, textId, used, max, format) {
    const meter = document.getElementById(meterId);
    const text = document.getElementById(textId);
    if (max === null || max === undefined) {
      meter.hidden = true;
      text.textContent = format(used) + ' (no limit)';
      return;
    }
    meter.max = Number(max);
    meter.value = Math.min(Number(used), Number(max));
    meter.high = Number(max) * 0.8;
    meter.optimum = 0;
    text.textContent = format(used) + ' of ' + format(max) + ' (' + Math.round(100 * Number(used) / Math.max(Number(max), 1e-9)) + '%)';
  }

  function usd(value) {
    return '$' + Number(value).toFixed(2);
  }

  /** One bar per day of the month, stacked by provider (a CSS class per provider colours it). */
  function dailyChart(month, byDay) {
    const [year, monthNumber] = month.split('-').map(Number);
    const days = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
    const totals = {};
    byDay.forEach(function (d) { totals[d.day] = (totals[d.day] || 0) + d.requests; });
    const highest = Math.max(1, ...Object.values(totals));
    const width = 24 * days;
    const height = 160;
    const chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + (height + 20), role: 'img',
      'aria-label': 'Finished requests per day in ' + month + ': ' + Object.values(totals).reduce(function (a, b) { return a + b; }, 0)
        + ' over ' + Object.keys(totals).length + ' day(s)' });
    for (let day = 1; day <= days; day++) {
      const date = month + '-' + String(day).padStart(2, '0');
      let top = height;
      byDay.filter(function (d) { return d.day === date; }).forEach(function (d) {
        const h = Math.max(1, Math.round(height * d.requests / highest));
        top -= h;
        chart.append(svg('rect', { x: (day - 1) * 24 + 3, y: top, width: 18, height: h, class: 'bar ' + d.provider,
          'data-day': date }, [svg('title', {}, [date + ' ' + d.provider + ': ' + d.requests + ' requests, ' + usd(d.credits_usd)])]));
      });
      if (day === 1 || day % 5 === 0) {
        chart.append(svg('text', { x: (day - 1) * 24 + 12, y: height + 16, 'text-anchor': 'middle', class: 'axis' }, [String(day)]));
      }
    }
    document.getElementById('daily-chart').replaceChildren(chart);
    const providers = Array.from(new Set(byDay.map(function (d) { return d.provider; }))).sort();
    document.getElementById('daily-caption').textContent = byDay.length === 0 ? ''
      : 'Day of the month (UTC) across; the tallest bar is ' + highest + ' request(s). Providers: ' + providers.join(', ')
        + ' (colours as in the table below).';
    document.getElementById('daily-empty').hidden = byDay.length > 0;
  }

  function providers(byProvider) {
    const entries = Object.entries(byProvider);
    const total = entries.reduce(function (sum, [, p]) { return sum + p.requests; }, 0);
    document.querySelector('#providers-table tbody').replaceChildren(...entries.map(function ([provider, p]) {
      const bar = el('span', { class: 'share ' + provider });
      bar.style.width = (total ? Math.round(100 * p.requests / total) : 0) + '%';
      return el('tr', { 'data-provider': provider }, [
        el('th', { scope: 'row', text: provider }),
        el('td', { class: 'requests', text: String(p.requests) }),
        el('td', { text: usd(p.credits_usd) }),
        el('td', { class: 'share-cell' }, [bar])
      ]);
    }));
  }

  function refusals(list) {
    document.querySelector('#refusals-table tbody').replaceChildren(...list.map(function (r) {
      return el('tr', {}, [
        el('td', { text: when(r.at) }),
        el('td', { text: r.status + ' ' + r.code }),
        el('td', { class: 'reason', text: r.message }),
        el('td', {}, [el('code', { text: r.key_prefix + '…' })]),
        el('td', { text: r.provider })
      ]);
    }));
    document.getElementById('no-refusals').hidden = list.length > 0;
  }

  Aegis.start(async function (session, org) {
    if (!org) {
      return;
    }
    const query = '?org=' + encodeURIComponent(org);
    const [usage, refused] = await Promise.all([api('GET', 'usage' + query), api('GET', 'refusals' + query)]);
    document.getElementById('plan-name').textContent = usage.plan;
    document.getElementById('plan-month').textContent = usage.month;
    const rate = usage.limits.rate_limit_per_minute;
    document.getElementById('rate-limit').textContent = rate === null || rate === undefined ? 'none' : rate + ' requests per minute';
    limit('requests-meter', 'requests-text', usage.requests, usage.limits.requests_per_month, String);
    limit('credits-meter', 'credits-text', usage.credits_usd, usage.limits.credits_per_month_usd, usd);
    dailyChart(usage.month, usage.by_day);
    providers(usage.by_provider);
    refusals(refused.refusals);
    status('');
  });
})();
