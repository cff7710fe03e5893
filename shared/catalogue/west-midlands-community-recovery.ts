/**
 * Catalogue entry: "Levelling-up the West Midlands: Our roadmap to community recovery and
 * prospectus for government" (Recovery Co-ordination Group, November 2020).
 *
 * Facts are taken from the roadmap (seed 003, and the copy annexed to the December 2020 PSR
 * Board papers, seed 002) and the sponsor allocation in the March 2021 PSR Board report (seed 001).
 * Wording is paraphrased. Ask flags follow the roadmap's own markers:
 *   (*)  also in the WMCA "Recharging the West Midlands" prospectus -> inRechargeProspectus
 *   (**) part of the WMCA Devolution White Paper submission       -> inDevolutionWhitePaperSubmission
 * Good practice examples come from each priority's "Great practice" boxes and from the roadmap's
 * good practice map (assigned to a priority by the map's priority icon).
 */
import type { ProgrammeInput } from '#shared/domain/catalogue';

export const westMidlandsCommunityRecovery = {
  id: 'west-midlands-community-recovery',
  title: 'Levelling-up the West Midlands: Our roadmap to community recovery and prospectus for government',
  description:
    'The regional roadmap for community recovery from COVID-19, produced by the West Midlands Recovery Co-ordination Group and shaped by a Citizens’ Panel. ' +
    'It sets out six citizen priorities and four cross-cutting principles, with shared ambitions, asks of government, opportunities for collaboration and good practice. ' +
    'Delivery is led by local authorities and their partners, with the Combined Authority co-ordinating; each priority, and the cross-cutting theme of extra help to the most affected, has a sponsor from a constituent local authority.',
  sources: [
    'Levelling-up the West Midlands: Our roadmap to community recovery and prospectus for government (West Midlands Recovery Co-ordination Group, November 2020; endorsed by the Recovery Forum on 20 November 2020)',
    'Public Service Reform Board papers, 15 December 2020: Recovery Co-ordination Group – Community Recovery Priorities (with the roadmap annexed)',
    'WMCA Board report, 15 January 2021: Recovery Coordination Group Community Recovery Roadmap and Prospectus',
    'Public Service Reform Board report, 4 March 2021: Community Recovery (local authority sponsors for each priority)',
  ],
  principles: [
    {
      title: 'Extra help to the most affected',
      description:
        'Focus recovery on the people who have carried the heaviest burden of the pandemic. Taken forward as a sponsored cross-cutting theme covering homelessness and affordable housing, digital inclusion, debt advice and criminal justice.',
    },
    {
      title: 'Environmental focus',
      description:
        'Make the environment part of recovery; in the roadmap this covers transport and active travel, and fair access to green spaces.',
    },
    {
      title: 'Innovation and creativity',
      description:
        'Use recovery to think creatively rather than carry on with what was not working: learn from other countries and new forms of collaboration, while tailoring the response to local circumstances and what West Midlands people say they need.',
    },
    {
      title: 'Transparency and citizen voice',
      description:
        'Keep listening to communities, especially key workers and those hit hardest by coronavirus, and co-design recovery with the people most affected.',
    },
  ],
  furtherIssues: [
    {
      title: 'Homelessness and affordable housing',
      description:
        'Close to 1,000 people sleeping rough or at risk of it were housed across the WMCA area under ‘Everyone In’, but the WMCA Homelessness Taskforce estimates some 8,000 households not previously in arrears are now in, or at risk of, rent arrears. ' +
        'Ambition: keep the gains of ‘Everyone In’ by designing out homelessness through move-on support and settled homes. ' +
        'Asks: a £13.7m expansion of the Housing First pilot, a recovery tenancy pilot and an LHA+ pilot, plus a £400m Affordable Housing Fund (recorded under the extra help to the most affected theme).',
    },
    {
      title: 'Digital inclusion',
      description:
        'The pandemic exposed a digital divide that mirrors wider social exclusion, affecting schooling, healthcare and transport as services move online. ' +
        'Ambition: every household has affordable devices and connectivity plus the skills and confidence to get online safely. ' +
        'Ask: £8m for the region to be a pathfinder for the Good Things Foundation Great Digital Catch Up programme.',
    },
    {
      title: 'Debt advice',
      description:
        'Citizens Advice estimates 6 million UK adults fell behind on at least one household bill during the pandemic, with key workers, carers and Black people more likely to be affected. ' +
        'Ambition: everyone in the region can get advice, advocacy and support so that debt does not damage health and wellbeing. ' +
        'No separate ask: the roadmap points back to the VCS Community Recovery Fund and Housing First asks.',
    },
    {
      title: 'Criminal justice',
      description:
        'The criminal justice system was already under strain, with court backlogs and prisons and probation at capacity, and the pandemic has pushed it towards a tipping point. ' +
        'Ambition: a robust, flexible, locally responsive system that supports, diverts and manages offenders, people at risk of offending and victims. ' +
        'Asks: more devolution of justice policy to locally elected leaders, and a new statutory duty and power for them to oversee early help, including school exclusions.',
    },
    {
      title: 'Transport',
      description:
        'Public transport kept key workers moving during the pandemic, but a fragile market and funding pressures threaten the most deprived communities, who already face the biggest barriers to travel. ' +
        'Ambition: safe, attractive conditions for walking and cycling and a public transport network customers trust is safe, set out through a COVID-19 Transport Action Plan. ' +
        'Asks: £1.5bn of capital over the next five years as part of a single infrastructure funding pot; enhanced local powers over the transport system, including about £87m of revenue to devolve all Bus Services Support Grants (BSOG and CBSSG) to TfWM; and local powers to enforce moving traffic offences and pavement parking, keeping the enforcement revenue locally.',
    },
    {
      title: 'Access to green spaces',
      description:
        'Lockdown showed how unequal access to green space is in a densely built region, with lower-income households far less likely to have outdoor space or a natural green space nearby. ' +
        'Ambition: everyone in the West Midlands can reach good quality green space within a 10-minute walk of home. ' +
        'Asks: £97.2m for government to work with the region on widening access to natural capital, including through the West Midlands National Park, and on biodiversity net gain; and £4m of community green grants.',
    },
    {
      title: 'Innovation and creativity',
      description:
        'Ambition: keep an outward-looking approach through the collaboration opportunities, drawing on international expertise (the roadmap includes overseas case studies) and tailoring it to West Midlands people and places.',
    },
    {
      title: 'Transparency and citizen voice',
      description:
        'Ambition: put communities at the heart of recovery, working closely with policy-makers and practitioners to find and implement new ways of working.',
    },
  ],
  priorities: [
    {
      id: 'living-safely-with-coronavirus',
      title: 'Living safely with coronavirus',
      kind: 'citizen-priority',
      description:
        'Keeping people safe and well while the virus circulates and until a vaccine is widely available: protecting the most vulnerable, trusted local test and trace backed by clear communication, and tackling related harms such as domestic violence and loneliness.',
      sponsor: { authority: 'Dudley Metropolitan Borough Council' },
      ambitions: [
        'Make place-based collaboration between public, private and voluntary sectors to support the most vulnerable a permanent way of working.',
        'Citizens act responsibly, backed by clear, accessible communication and well-resourced, effective local testing and tracing.',
        'Organisations tackling domestic violence, loneliness and mental ill health are properly resourced to do their work.',
      ],
      asksOfGovernment: [
        {
          title: 'Voluntary & Community Sector Community Recovery Fund, in line with the Kruger report, to build the sector’s resilience to keep supporting the most vulnerable',
          amountGbp: 11_000_000,
        },
        {
          title: 'Review the Localism Act 2011 and its regulations so local authorities can build stronger, more sustainable services and collaborate more with community groups and social enterprises',
          inDevolutionWhitePaperSubmission: true,
        },
        {
          title: 'A new whole-system approach to supporting vulnerable women (women’s centres, liaison and diversion, out-of-court disposals, problem-solving courts and custody), developed with local authorities, the WMCA and the PCC',
          inDevolutionWhitePaperSubmission: true,
        },
        {
          title: 'Uphold the new public health duty to prevent violence, with accountability through partnership working led by the Violence Reduction Unit',
          inDevolutionWhitePaperSubmission: true,
        },
      ],
      collaborationOpportunities: [
        'Building neighbourhood assets and working together with communities.',
        'Communicating with communities on public health and other issues.',
      ],
      goodPractice: [
        {
          title: 'Hope Community in Heath Town',
          place: 'Wolverhampton',
          description:
            'A community project on the Heath Town estate that was first to deliver emergency food parcels, then added weekly volunteer-delivered ‘Lockdown Lunches’ that doubled as check-ins on vulnerable residents.',
        },
        {
          title: 'Welcome to Coventry web app',
          place: 'Coventry',
          description:
            'A daily-updated web app giving people with limited English essential COVID-19 information (symptoms, shielding, employment rights, mental health support), translated into several languages in text and audio.',
        },
        {
          title: 'Sandwell local test and trace with multiple language options',
          place: 'Sandwell',
          description:
            'Sandwell Council set up its own test and trace service in July 2020 to reach contacts missed nationally, using council staff who speak community languages and existing links with faith groups.',
        },
        {
          title: 'International: test, trace and isolate in Taiwan',
          place: 'Taiwan',
          description:
            'Drawing on its SARS experience, Taiwan combined a fast, joined-up response, free rapid testing, big data for tracing and mask supply, and sustained public buy-in.',
        },
        { title: 'Support for the social enterprise sector to continue operating' },
        { title: 'Birmingham and Solihull health information exchange', place: 'Birmingham and Solihull' },
        { title: 'Community, faith and voluntary sector organisations mobilised to work with councils supporting communities during COVID-19' },
        { title: 'Whole-system management approach to COVID-19 outbreaks', place: 'Herefordshire' },
        {
          title: 'Changes to public spaces to encourage social distancing in high-footfall places',
          place: 'Dudley MBC and CoLab Dudley',
        },
      ],
    },
    {
      id: 'accessing-healthcare-and-improving-physical-health',
      title: 'Accessing healthcare and improving physical health',
      kind: 'citizen-priority',
      description:
        'Reducing the health inequalities the pandemic exposed and widened, through a ‘radical prevention’ approach that tackles the underlying causes of poor health, makes health and care easier to reach, and puts people at the centre.',
      sponsor: { authority: 'Sandwell Metropolitan Borough Council' },
      ambitions: [
        'Closer monitoring of systemic discrimination, with better representation of BAME people in the workforce and more rigorous data on BAME health outcomes.',
        'A Health in All Policies approach to decisions across the region, including becoming a ‘Marmot city region’.',
        'A radical rethink so that primary care is more integrated into neighbourhoods and easier to access, including for people without digital access.',
        'People at the heart of decision-making and the co-design of health and care services (people-powered health).',
      ],
      asksOfGovernment: [
        {
          title: 'Support for the Radical Health Prevention Fund: grants and repayable grants to start and scale place-based initiatives tackling root causes of ill health, with at least a quarter of investment going to BAME-led or BAME co-designed projects',
          amountGbp: 11_300_000,
          amountNote: 'funds 25 innovation grants and 8 scale-up grants or loans a year for three years',
        },
        {
          title: 'Digital Diagnostic Screening Hubs in high-footfall locations, to catch up on missed screening and cut cancer screening waiting times in the region by 10%',
          amountGbp: 13_000_000,
        },
      ],
      collaborationOpportunities: [
        'Delivering the 50+ commitments on health inequalities in the Health of the Region 2020 report, including through the new multi-agency Midlands ‘STaR Board’.',
      ],
      goodPractice: [
        {
          title: 'Solihull on the Move',
          place: 'Solihull',
          description:
            'A borough-wide physical activity campaign taking a whole-life approach, targeting inactive people, disabled people and those with long-term conditions, and people on low incomes, with small grants to community groups.',
        },
        {
          title: 'Neighbourhood Network Schemes',
          place: 'Birmingham',
          description:
            'A person-centred, community-based way of helping older people into local activities, with lead organisations holding local commissioning budgets; extended during lockdown into an all-age scheme.',
        },
        { title: 'Prevention First approach to adult social care', place: 'Birmingham' },
      ],
    },
    {
      id: 'mental-health-support-and-awareness',
      title: 'Mental health support and awareness',
      kind: 'citizen-priority',
      description:
        'Responding to the rise in mental ill health during the pandemic and the widening inequalities behind it: making support easier to find and reach, raising awareness, and tackling root causes early.',
      sponsor: { authority: 'Walsall Metropolitan Borough Council' },
      ambitions: [
        'Joined-up, accessible mental health services, remotely and locally, especially in more deprived and remote communities.',
        'Every citizen, organisation and business has the space to build positive wellbeing choices into daily life.',
        'Tackle the root causes of mental ill health, including inequality, with more early intervention and prevention for children, young people and people with complex needs.',
      ],
      asksOfGovernment: [
        {
          title: 'Extend the Thrive into Work programme (a DWP/DHSC Work and Health Unit pilot offering employment support to people with health conditions or disabilities) across the whole region',
          amountGbp: 15_000_000,
        },
        {
          title: 'Make the West Midlands the first WHO-recognised trauma-informed region, overseen by a partnership board including the Violence Reduction Unit',
          amountGbp: 3_500_000,
        },
      ],
      collaborationOpportunities: [
        'Reconvening the Mental Health Commission and developing the wellbeing at work agenda.',
        'Developing consistent trauma-informed practice across the region.',
      ],
      goodPractice: [
        {
          title: 'Birmingham Mind helpline',
          place: 'Birmingham Mind',
          description:
            'Extended its helpline to replace face-to-face support, then worked with Birmingham & Solihull CCG to build a 24-hour service with a single access point for citizens and frontline workers.',
        },
        {
          title: 'International: New Zealand’s psychosocial and mental wellbeing recovery plan (Kia Kaha, Kia Maia, Kia Ora Aotearoa)',
          place: 'New Zealand',
          description:
            'A national plan to help people cope with pandemic distress, spanning clear information, basic needs and community connection through to specialist mental health and addiction services.',
        },
        {
          title: 'Employment support during lockdown',
          place: 'West Midlands Police, Coventry, Warwickshire and North Warwickshire',
        },
        { title: 'Development of a mental health awareness plan', place: 'Solihull' },
        { title: 'Continued and enhanced support during lockdown', place: 'Black Country Women’s Aid' },
        { title: 'Mobilising the Faithful Friends network in response to the pandemic', place: 'Holy Trinity Church, Sandwell' },
        { title: 'Joint focus on the borough’s most vulnerable and in-need residents', place: 'Walsall Together' },
      ],
    },
    {
      id: 'education-and-young-people',
      title: 'Education and young people',
      kind: 'citizen-priority',
      description:
        'Helping children and young people recover from heavily disrupted education and a shrinking jobs market: closing the widened attainment gap, early years and school readiness, a youth offer, and training and jobs for young people.',
      sponsor: { authority: 'City of Wolverhampton Council' },
      ambitions: [
        'Close the attainment gap with intensive catch-up support and better home learning, including digital access.',
        'Identify children at risk of under-attainment and bring them into good quality, accessible early years provision.',
        'Make a success of the region’s pilot of the national cross-government Youth Partnerships programme, with youth workers based in school catchment areas.',
        'Apprenticeship wage subsidies, traineeships, work experience and extra tuition for young people whose learning COVID-19 disrupted.',
      ],
      asksOfGovernment: [
        {
          title: 'Redeploy existing Education and Skills Funding Agency and apprenticeship levy funding to pay apprenticeship wage subsidies and provide traineeships and work-related experience',
          amountGbp: 167_000_000,
          amountNote: 'part of the £272m ask to support young people into and through training',
          inRechargeProspectus: true,
        },
        {
          title: 'Widen the level 3 funding guarantee to 19-year-olds, giving young people at risk of unemployment level 3–5 training, better tracking and extra tuition',
          amountGbp: 105_000_000,
          amountNote: 'over three years; part of the £272m ask to support young people into and through training',
          inRechargeProspectus: true,
        },
        {
          title: 'Build a West Midlands Safe Centre: a purpose-built facility for safe and secure care of children (court-ordered care and custody, short-term respite), backed by a whole-system care approach',
          amountGbp: 39_600_000,
        },
        {
          title: 'Devolve youth justice powers to create a single integrated service for vulnerable young people, youth custody and a framework for safeguarding older children',
          inDevolutionWhitePaperSubmission: true,
        },
      ],
      collaborationOpportunities: [
        'Collaborative work on early years.',
        'A consistent offer to care leavers across the region.',
        'A future generations commission to improve innovation in outcomes for children.',
      ],
      goodPractice: [
        {
          title: 'Base 25',
          place: 'Wolverhampton',
          description:
            'A youth charity that moved most of its support online in lockdown and held socially distanced outdoor sessions for young people who could not safely use online appointments, building links with neighbourhood police along the way.',
        },
        {
          title: 'REACT group',
          place: 'Regional Schools Commissioner',
          description:
            'A locality-based multi-agency group working with local authorities and schools, running weekly themed deep dives (such as vulnerable children, school transport and early years) and giving a fast route to government decisions.',
        },
        { title: 'Partnership for cheaper water bills for care leavers', place: 'Coventry City Council and Severn Trent Water' },
        { title: 'Black Country Impact programme for young people not in education, employment or training', place: 'Dudley' },
        { title: 'City Learning Quarter', place: 'Wolverhampton' },
        { title: 'ESF-funded employment support for young people not in education, employment or training', place: 'Solihull' },
        { title: 'Holistic approach to getting young people back into work', place: 'Stratford DC' },
      ],
    },
    {
      id: 'jobs-and-training',
      title: 'Jobs and training',
      kind: 'citizen-priority',
      description:
        'Getting people back into work after unemployment claims in the region doubled in a year (210,000 by June 2020), and building the skills needed for future-facing jobs, including green and digital roles.',
      sponsor: { authority: 'Solihull Metropolitan Borough Council' },
      ambitions: [
        'An integrated, personalised employment support system focused on the most vulnerable, so they can find good work that suits them.',
        'World-class regional skills infrastructure, with improved further and higher education estates and knowledge-transfer links.',
      ],
      asksOfGovernment: [
        {
          title: 'Investment in job creation, as set out in the WMCA Recharging the West Midlands prospectus',
          inRechargeProspectus: true,
        },
        {
          title: 'Upskill the workforce for jobs of the future and improve further education facilities',
          amountGbp: 245_000_000,
          inRechargeProspectus: true,
        },
        {
          title: 'Get people back into work through retraining',
          amountGbp: 33_000_000,
          inRechargeProspectus: true,
        },
        {
          title: 'Powers and flexibilities over skills and employment support, including co-commissioning employment support with DWP and Jobcentre Plus',
          inDevolutionWhitePaperSubmission: true,
        },
      ],
      collaborationOpportunities: [
        'Filling employment gaps in frontline services.',
        'Tackling structural barriers to the success of ethnic minority and female employees at work.',
      ],
      goodPractice: [
        {
          title: 'Wolves at Work',
          place: 'Wolverhampton City Council and the Department for Work and Pensions',
          description:
            'A council–DWP partnership that has helped more than 5,000 people into work in three years through dedicated coaches, early access to vacancies and 12 weeks of in-work support.',
        },
        {
          title: 'International: Brussels Region Recovery and Redeployment Plan',
          place: 'Brussels Region',
          description:
            'A regional recovery plan covering employment transition, social policy and environmental development, with €500m of aid in its first phase and a further €120m for local living environments.',
        },
        { title: 'Mobilising community organisations and supporting their delivery in a COVID-19 environment', place: 'Locality' },
        { title: 'Flexible service delivery for vulnerable people during the pandemic', place: 'West Midlands Fire Service' },
        { title: 'Wolves Workbox digital hub listing employment opportunities for residents and businesses', place: 'Wolverhampton' },
      ],
    },
    {
      id: 'local-businesses-and-high-streets',
      title: 'Local businesses and high streets',
      kind: 'citizen-priority',
      description:
        'Supporting the small local businesses, high streets and town centres hit by lost footfall and lockdown closures, along with grassroots culture and sport and a growing social economy.',
      sponsor: { authority: 'Coventry City Council' },
      ambitions: [
        'Back small businesses that sit at the heart of their communities.',
        'Reimagined town centres and vibrant city centres, with co-ordinated public services opening up new ways to support communities.',
        'Everyone can take part in and benefit from grassroots culture and sport, with the people and organisations who deliver it properly supported.',
        'Double the size of the social economy within 10 years, building on the Social Economy Taskforce.',
      ],
      asksOfGovernment: [
        { title: 'An SME Recovery Programme', amountGbp: 90_000_000, inRechargeProspectus: true },
        { title: 'A Strategic Business Leadership Programme', amountGbp: 92_000_000, inRechargeProspectus: true },
        { title: 'A West Midlands Town Centres Fund', amountGbp: 100_000_000, inRechargeProspectus: true },
        {
          title: 'A Culture & Placemaking Investment Programme to strengthen culture in towns and neighbourhoods through events, community schemes and cultural infrastructure',
          amountGbp: 80_000_000,
          inRechargeProspectus: true,
        },
        {
          title: 'A devolved, long-term and flexible UK Shared Prosperity Fund to replace EU structural funding',
          inDevolutionWhitePaperSubmission: true,
        },
        {
          title: 'A single disposal regime for all public sector land and property in the region',
          inDevolutionWhitePaperSubmission: true,
        },
        {
          title: 'Fast-track local delivery vehicles and development corporations for major regeneration and housing projects',
          inDevolutionWhitePaperSubmission: true,
        },
      ],
      collaborationOpportunities: [
        'A research programme on the future of cities.',
        'The West Midlands Town Centre Taskforce.',
        'Doubling the size of the social economy.',
      ],
      goodPractice: [
        {
          title: 'Financial support, relief and grants for small businesses during the pandemic',
          place: 'Walsall, Sandwell and Wolverhampton',
        },
        {
          title: 'Covid Compliant premises checks',
          place: 'Wolverhampton City Council',
          description:
            'Covid Support Advisors check shops against the rules and issue a window sticker to compliant premises; more than 1,200 businesses had passed, reassuring traders and residents.',
        },
        {
          title: 'The ‘20 minute neighbourhood’',
          place: 'Birmingham City Council',
          description:
            'Inspired by Paris’s ‘15-minute city’, the council is exploring a 20-minute city through its Low Traffic Neighbourhoods work, such as reusing libraries and schools out of hours, designed with residents.',
        },
        {
          title: 'Café culture',
          description:
            'Councils used temporary pavement licences under the Business and Planning Act 2020 and pedestrianised areas so food and drink venues could keep trading safely, raising the prospect of permanent pedestrianisation.',
        },
      ],
    },
    {
      id: 'extra-help-to-the-most-affected',
      title: 'Extra help to the most affected',
      kind: 'cross-cutting-theme',
      description:
        'A cross-cutting principle from the Citizens’ Panel, given its own sponsor, focused on the people who bore the heaviest burden of the pandemic. In the roadmap it groups four further issues: homelessness and affordable housing, digital inclusion, debt advice and criminal justice.',
      sponsor: { authority: 'Birmingham City Council' },
      ambitions: [
        'Keep the gains of ‘Everyone In’ by designing out homelessness across the region through move-on support and settled homes.',
        'Every household has affordable devices and connectivity, and the support and confidence to use services online safely.',
        'Everyone in the region can get advice, advocacy and support so that debt does not harm their health and wellbeing.',
        'A robust, flexible and locally responsive criminal justice system that supports, diverts and manages offenders, people at risk of offending and those affected by crime.',
      ],
      asksOfGovernment: [
        {
          title: 'Expand the Housing First pilot, run a recovery tenancy pilot to prevent evictions for households in rent arrears, and support an LHA+ pilot',
          amountGbp: 13_700_000,
        },
        {
          title: 'An Affordable Housing Fund',
          amountGbp: 400_000_000,
        },
        {
          title: 'Make the region a pathfinder for the Good Things Foundation’s Great Digital Catch Up programme',
          amountGbp: 8_000_000,
        },
        {
          title: 'Greater devolution of justice policy to locally elected leaders',
        },
        {
          title: 'A new statutory duty and power for locally elected leaders to monitor and oversee early help, including school exclusion practice and policy across the West Midlands',
        },
      ],
      collaborationOpportunities: [
        'Building on the Homelessness Taskforce, a broader collaborative approach to designing out multiple and complex needs.',
        'Regional efforts so that everyone has a device, an affordable and reliable internet connection, and the confidence to go online.',
      ],
      goodPractice: [
        {
          title: '‘Everyone In’ to house rough sleepers',
          place: 'Birmingham',
          description:
            'Part of the ‘Everyone In’ effort under which close to 1,000 people sleeping rough or at risk of it were accommodated across the WMCA area.',
        },
      ],
    },
  ],
} satisfies ProgrammeInput;
