import { describe, expect, it } from 'vitest';
import { programmeInput } from '#shared/catalogue/index';
import { type Priority, type Programme, programmeSchema } from '#shared/domain/catalogue';

function priority(programme: Programme, id: string): Priority {
  const found = programme.priorities.find((p) => p.id === id);
  if (!found) throw new Error(`no priority ${id}`);
  return found;
}

function ask(p: Priority, titleFragment: string) {
  const found = p.asksOfGovernment.filter((a) => a.title.toLowerCase().includes(titleFragment.toLowerCase()));
  expect(found, `exactly one ask matching "${titleFragment}" in ${p.id}`).toHaveLength(1);
  return found[0]!;
}

describe('west midlands community recovery roadmap', () => {
  const roadmap = programmeSchema.parse(programmeInput('west-midlands-community-recovery'));

  it('has the programme id', () => {
    expect(roadmap.id).toBe('west-midlands-community-recovery');
  });

  it('lists the six citizen priorities then the cross-cutting theme, in roadmap order', () => {
    expect(roadmap.priorities.map((p) => p.id)).toEqual([
      'living-safely-with-coronavirus',
      'accessing-healthcare-and-improving-physical-health',
      'mental-health-support-and-awareness',
      'education-and-young-people',
      'jobs-and-training',
      'local-businesses-and-high-streets',
      'extra-help-to-the-most-affected',
    ]);
    expect(roadmap.priorities.map((p) => p.kind)).toEqual([...Array(6).fill('citizen-priority'), 'cross-cutting-theme']);
  });

  it('gives each priority the sponsor authority named in the March 2021 PSR Board report', () => {
    const sponsors: Record<string, string> = {
      'extra-help-to-the-most-affected': 'Birmingham',
      'local-businesses-and-high-streets': 'Coventry',
      'living-safely-with-coronavirus': 'Dudley',
      'accessing-healthcare-and-improving-physical-health': 'Sandwell',
      'jobs-and-training': 'Solihull',
      'mental-health-support-and-awareness': 'Walsall',
      'education-and-young-people': 'Wolverhampton',
    };
    for (const p of roadmap.priorities) {
      const place = sponsors[p.id];
      expect(place, p.id).toBeDefined();
      expect(p.sponsor.authority, p.id).toContain(place!);
      // no other constituent authority's name sneaks in
      for (const other of Object.values(sponsors).filter((s) => s !== place)) {
        expect(p.sponsor.authority, p.id).not.toContain(other);
      }
    }
    expect(priority(roadmap, 'living-safely-with-coronavirus').sponsor.authority).toBe('Dudley Metropolitan Borough Council');
    expect(priority(roadmap, 'education-and-young-people').sponsor.authority).toBe('City of Wolverhampton Council');
  });

  it('gives every priority a description, ambitions and asks of government', () => {
    for (const p of roadmap.priorities) {
      expect(p.description, p.id).toBeTruthy();
      expect(p.ambitions.length, p.id).toBeGreaterThan(0);
      expect(p.asksOfGovernment.length, p.id).toBeGreaterThan(0);
    }
  });

  it('records the summary-page ambitions for each citizen priority', () => {
    expect(roadmap.priorities.map((p) => p.ambitions.length)).toEqual([3, 4, 3, 4, 2, 4, 4]);
  });

  it('records key asks with their amounts and markers', () => {
    const living = priority(roadmap, 'living-safely-with-coronavirus');
    const vcsFund = ask(living, 'Community Recovery Fund');
    expect(vcsFund.amountGbp).toBe(11_000_000);
    expect(vcsFund.inRechargeProspectus).toBe(false);
    expect(vcsFund.inDevolutionWhitePaperSubmission).toBe(false);
    const localism = ask(living, 'Localism Act');
    expect(localism.amountGbp).toBeUndefined();
    expect(localism.inDevolutionWhitePaperSubmission).toBe(true);

    const health = priority(roadmap, 'accessing-healthcare-and-improving-physical-health');
    expect(ask(health, 'Radical Health Prevention Fund').amountGbp).toBe(11_300_000);
    expect(ask(health, 'Digital Diagnostic Screening Hubs').amountGbp).toBe(13_000_000);

    const mental = priority(roadmap, 'mental-health-support-and-awareness');
    expect(ask(mental, 'Thrive into Work').amountGbp).toBe(15_000_000);
    expect(ask(mental, 'trauma-informed').amountGbp).toBe(3_500_000);

    const education = priority(roadmap, 'education-and-young-people');
    const safeCentre = ask(education, 'Safe Centre');
    expect(safeCentre.amountGbp).toBe(39_600_000);
    expect(safeCentre.inRechargeProspectus).toBe(false);
    const level3 = ask(education, 'level 3');
    expect(level3.amountGbp).toBe(105_000_000);
    expect(level3.amountNote).toMatch(/three years/);
    expect(level3.inRechargeProspectus).toBe(true);
    // £167m + £105m = the £272m (*) ask on the summary page
    const youngPeopleTraining = education.asksOfGovernment.filter((a) => a.inRechargeProspectus);
    expect(youngPeopleTraining.reduce((sum, a) => sum + (a.amountGbp ?? 0), 0)).toBe(272_000_000);
    expect(ask(education, 'youth justice').inDevolutionWhitePaperSubmission).toBe(true);

    const jobs = priority(roadmap, 'jobs-and-training');
    const upskill = ask(jobs, 'Upskill');
    expect(upskill.amountGbp).toBe(245_000_000);
    expect(upskill.inRechargeProspectus).toBe(true);
    expect(ask(jobs, 'retraining').amountGbp).toBe(33_000_000);
    const coCommissioning = ask(jobs, 'co-commissioning');
    expect(coCommissioning.inDevolutionWhitePaperSubmission).toBe(true);
    expect(coCommissioning.inRechargeProspectus).toBe(false);

    const business = priority(roadmap, 'local-businesses-and-high-streets');
    const sme = ask(business, 'SME Recovery Programme');
    expect(sme.amountGbp).toBe(90_000_000);
    expect(sme.inRechargeProspectus).toBe(true);
    expect(sme.inDevolutionWhitePaperSubmission).toBe(false);
    expect(ask(business, 'Strategic Business Leadership').amountGbp).toBe(92_000_000);
    expect(ask(business, 'Town Centres Fund').amountGbp).toBe(100_000_000);
    expect(ask(business, 'Culture & Placemaking').amountGbp).toBe(80_000_000);
    const ukspf = ask(business, 'Shared Prosperity Fund');
    expect(ukspf.inDevolutionWhitePaperSubmission).toBe(true);
    expect(ukspf.inRechargeProspectus).toBe(false);
    expect(business.asksOfGovernment.filter((a) => a.inRechargeProspectus)).toHaveLength(4);
    expect(business.asksOfGovernment.filter((a) => a.inDevolutionWhitePaperSubmission)).toHaveLength(3);

    const extraHelp = priority(roadmap, 'extra-help-to-the-most-affected');
    expect(ask(extraHelp, 'Housing First').amountGbp).toBe(13_700_000);
    expect(ask(extraHelp, 'Affordable Housing Fund').amountGbp).toBe(400_000_000);
    expect(ask(extraHelp, 'Great Digital Catch Up').amountGbp).toBe(8_000_000);
  });

  it('never marks an ask with both markers, and keeps amounts as whole pounds', () => {
    for (const p of roadmap.priorities) {
      for (const a of p.asksOfGovernment) {
        expect(a.inRechargeProspectus && a.inDevolutionWhitePaperSubmission, a.title).toBe(false);
        if (a.amountGbp !== undefined) expect(Number.isInteger(a.amountGbp), a.title).toBe(true);
      }
    }
  });

  it('has the four cross-cutting principles and eight further issues', () => {
    expect(roadmap.principles.map((p) => p.title)).toEqual([
      'Extra help to the most affected',
      'Environmental focus',
      'Innovation and creativity',
      'Transparency and citizen voice',
    ]);
    expect(roadmap.furtherIssues).toHaveLength(8);
    expect(roadmap.furtherIssues.map((i) => i.title)).toEqual([
      'Homelessness and affordable housing',
      'Digital inclusion',
      'Debt advice',
      'Criminal justice',
      'Transport',
      'Access to green spaces',
      'Innovation and creativity',
      'Transparency and citizen voice',
    ]);
  });

  it('has collaboration opportunities and good practice for every priority', () => {
    for (const p of roadmap.priorities) {
      expect(p.collaborationOpportunities.length, p.id).toBeGreaterThan(0);
      expect(p.goodPractice.length, p.id).toBeGreaterThan(0);
    }
    // 15 initial areas for future collaboration, as the board reports state
    expect(roadmap.priorities.reduce((n, p) => n + p.collaborationOpportunities.length, 0)).toBe(15);
  });

  it('names its sources and carries no email addresses or phone numbers', () => {
    expect(roadmap.sources.length).toBeGreaterThanOrEqual(3);
    const text = JSON.stringify(roadmap);
    expect(text).not.toMatch(/@/);
    expect(text).not.toMatch(/\(0\d{3,4}\)|\b07\d{3}\s?\d{6}\b/);
  });
});

describe('west midlands devolution action plan', () => {
  const plan = programmeSchema.parse(programmeInput('west-midlands-devolution-action-plan'));

  it('loads through the same catalogue format', () => {
    expect(plan.id).toBe('west-midlands-devolution-action-plan');
    expect(plan.sources.length).toBeGreaterThan(0);
  });

  it('has priorities 1–6 plus 7(a) and 7(b) as separate workstreams', () => {
    expect(plan.priorities).toHaveLength(8);
    expect(plan.priorities.map((p) => p.id)).toEqual([
      'housing-investment-and-delivery',
      'industrial-strategy',
      'productivity-through-skills-and-jobs',
      'transport-investment',
      'inclusive-growth-public-service-innovation-and-wellbeing',
      'leveraging-funding-for-accelerated-growth',
      'fire-service-governance-transfer',
      'pcc-and-mayor-role-merger',
    ]);
  });

  it('names a lead for every priority and the governance boards the plan gives', () => {
    for (const p of plan.priorities) {
      expect(p.sponsor.lead, p.id).toBeTruthy();
      expect(p.description, p.id).toBeTruthy();
      expect(p.ambitions.length, p.id).toBeGreaterThan(0);
    }
    expect(priority(plan, 'housing-investment-and-delivery').sponsor.lead).toContain('Sean Coughlan');
    expect(priority(plan, 'housing-investment-and-delivery').sponsor.board).toContain('Land and Housing Delivery Board');
    expect(priority(plan, 'industrial-strategy').sponsor.board).toContain('Strategic Economic Plan (SEP) Board');
    expect(priority(plan, 'productivity-through-skills-and-jobs').sponsor.lead).toContain('George Duggins');
    expect(priority(plan, 'productivity-through-skills-and-jobs').sponsor.board).toContain('Productivity and Skills Commission');
    expect(priority(plan, 'transport-investment').sponsor.board).toContain('Transport Delivery Committee');
    expect(priority(plan, 'inclusive-growth-public-service-innovation-and-wellbeing').sponsor.board).toContain('Public Service Reform Board');
    expect(priority(plan, 'leveraging-funding-for-accelerated-growth').sponsor.board).toContain('Funding for Growth Commission');
    expect(priority(plan, 'fire-service-governance-transfer').sponsor.board).toBe('WMCA Board');
    // the plan names no governance board for 7(b)
    expect(priority(plan, 'pcc-and-mayor-role-merger').sponsor.board).toBeUndefined();
  });

  it('states no money amounts', () => {
    for (const p of plan.priorities) {
      for (const a of p.asksOfGovernment) expect(a.amountGbp, a.title).toBeUndefined();
    }
  });
});
