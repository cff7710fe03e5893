/**
 * Catalogue entry: "West Midlands and Government Working Together: Our Action Plan" (2018),
 * the WMCA's plan for following through on the second devolution deal (seed 004).
 *
 * The plan numbers seven priorities; priority 7 is split into 7(a) and 7(b), each with its own
 * leads, so they are separate entries here (eight in all). Leads and governance boards are as the
 * plan states them. "What are our priorities?" is recorded as ambitions; of the "example specific
 * actions", those that seek something from UK Government are recorded as asks (no amounts are given).
 */
import type { ProgrammeInput } from '#shared/domain/catalogue';

export const westMidlandsDevolutionActionPlan = {
  id: 'west-midlands-devolution-action-plan',
  title: 'West Midlands and Government Working Together: Our Action Plan',
  description:
    'The West Midlands Combined Authority’s action plan for turning the commitments of the second devolution deal (November 2017) into workstreams, moving from annual deal-making towards ongoing collaboration with UK Government. ' +
    'Each priority has named political and officer leads and a governance route; overall governance and responsibility for the plan rests with the WMCA Board.',
  sources: [
    'West Midlands and Government Working Together: Our Action Plan (West Midlands Combined Authority, 2018; presented to the March WMCA Board, to be read with the devolution deal published in November 2017)',
  ],
  priorities: [
    {
      id: 'housing-investment-and-delivery',
      title: 'A step change in housing investment and delivery',
      description:
        'A new partnership between the WMCA, UK Government, Homes England and local councils to secure the capacity and funding for housing of the scale, pace, mix and quality the region needs.',
      sponsor: {
        lead: 'Cllr Sean Coughlan, supported by Jan Britton (lead CEO) and Gareth Bradford (Director of Housing and Regeneration)',
        board: 'Land and Housing Delivery Board, reporting to the WMCA Board',
      },
      ambitions: [
        'A partnership with government and Homes England, linked to strategic infrastructure planning, that pilots better approaches to construction, land remediation and acquisition, and housing management.',
        'An ambitious regional housing investment portfolio built collaboratively, with a pipeline that has local support, evidence and delivery assurance.',
        'Housing growth that supports inclusive growth and wellbeing, joined up with transport, public service reform and skills.',
      ],
      asksOfGovernment: [
        {
          title: 'Agree a Housing Deal with Government that reflects regional priorities and the housing growth goals of the Strategic Economic Plan and Land Delivery Plan',
        },
        {
          title: 'Work with Homes England to create additional housing delivery capacity for the region',
        },
      ],
    },
    {
      id: 'industrial-strategy',
      title: 'A bold industrial strategy for the West Midlands',
      description:
        'Developing an ambitious, place-based West Midlands industrial strategy in response to the Government’s 2017 Industrial Strategy, built on the region’s real competitive advantages.',
      sponsor: {
        lead: 'Cllr Ian Ward and Jonathan Browning (SEP Board Chair), supported by Deborah Cadman (Lead CEO), Julia Goldsworthy (Director of Strategy) and Patrick White (Interim Director of Industrial Strategy)',
        board: 'Strategic Economic Plan (SEP) Board, reporting to the WMCA Board',
      },
      ambitions: [
        'A West Midlands industrial strategy answering BEIS’s call for place-based strategies from mayoral combined authorities.',
        'A sharper focus on genuine competitive advantages and future opportunities, such as automotive, advanced manufacturing and life sciences.',
        'A shared understanding with government of the region’s contribution to the national economy and the Grand Challenges, and of the investment, regulatory flexibility and freedoms needed.',
      ],
      asksOfGovernment: [
        {
          title: 'Agree with government the shared investment, regulatory flexibility or change, and freedoms the region needs to maximise its contribution to the Grand Challenges',
        },
      ],
    },
    {
      id: 'productivity-through-skills-and-jobs',
      title: 'Boosting productivity through skills and jobs',
      description:
        'Using devolution to raise skill levels and employment and to build a skills system that responds better to local businesses and learners.',
      sponsor: {
        lead: 'Cllr George Duggins, supported by Nick Page (Lead CEO) and Julie Nugent (Director of Skills & Productivity)',
        board: 'Productivity and Skills Commission, reporting to the WMCA Board',
      },
      ambitions: [
        'Higher skills and employment, and a more responsive skills system that drives productivity and improves learners’ life chances.',
        'Strong leadership and a more joined-up approach to skills funding, planning and delivery, with greater local control over skills and employment support investment.',
        'More effective use of public money on skills and jobs, with a targeted offer for those furthest from the labour market.',
      ],
      asksOfGovernment: [
        {
          title: 'Work with DfE and DWP on a new strategic relationship with the Careers and Enterprise Company and National Careers Service, so that government-commissioned careers provision matches local skills priorities',
        },
        {
          title: 'A joint Employment Support Framework with DWP, Jobcentre Plus and local partners to better target help into and through employment',
        },
      ],
    },
    {
      id: 'transport-investment',
      title: 'Investment in transport that can transform the region',
      description:
        'Making the case for more local control and adequate long-term funding for the region’s transport investment plans, including the arrival of HS2.',
      sponsor: {
        lead: 'Cllr Roger Lawrence (transport portfolio), Cllr Bob Sleigh (HS2 portfolio) and Cllr Patrick Harley (environmental portfolio), supported by Laura Shoaf (Managing Director of TfWM)',
        board: 'Transport Delivery Committee (HS2 activities via the HS2 Growth Delivery Board), reporting ultimately to the WMCA Board',
      },
      ambitions: [
        'Partnership working that builds the case for greater local control and funding for long-term transport investment, including HS2.',
        'Progressively secure freedoms to manage regional networks to local needs, such as the Integrated Control Centre, Operation Freeway, moving traffic powers and BSOG.',
        'Integrated connectivity linked to jobs and housing that reduces congestion and improves public safety and air quality.',
      ],
      asksOfGovernment: [
        {
          title: 'Longer-term local funding arrangements for transport investment, agreed through continuous dialogue with government',
        },
        {
          title: 'DfT support for the bus service improvement strategy, including devolution of the Bus Service Operators Grant (BSOG)',
        },
        {
          title: 'Work with HM Treasury and the Department for Transport to clarify the opportunities, objectives and funding for HS2 and the UK Central hub, including business cases such as Birmingham International Station',
        },
      ],
    },
    {
      id: 'inclusive-growth-public-service-innovation-and-wellbeing',
      title: 'Inclusive growth, public service innovation and wellbeing',
      description:
        'A blueprint for public service reform built on regional collaboration, radical prevention, and a programme on inclusive growth that links health, productivity and service reform.',
      sponsor: {
        lead: 'Cllr Steve Eling (Public Services, Inclusion and Cohesion portfolio) and Cllr Bob Sleigh (Wellbeing portfolio), supported by lead CEOs Phil Loach (Chief Fire Officer, PSR) and Sarah Norman (Wellbeing) and Henry Kippin (Director of Public Service Reform)',
        board: 'Public Service Reform Board and Wellbeing Board, reporting ultimately to the WMCA Board',
      },
      ambitions: [
        'A blueprint for future public service reform that raises the ambition of partnership with government on public service innovation.',
        'Funding and flexibilities for radical prevention, including cardiovascular disease, complex needs, mental health innovation and vulnerable people in the justice system.',
        'A credible programme on inclusive growth and public service reform, starting with a regional Inclusive Growth Unit.',
      ],
      asksOfGovernment: [
        {
          title: 'A Public Service Reform plan produced with government, including public service innovation pilots with MHCLG, DWP, HM Treasury and others',
        },
        {
          title: 'Continued DHSC and DWP support for the Thrive programme of mental health innovation',
        },
      ],
    },
    {
      id: 'leveraging-funding-for-accelerated-growth',
      title: 'Leveraging funding for accelerated growth',
      description:
        'Securing government engagement in the Funding for Growth programme to find and lever diverse sources of funding, so the region can drive growth and reform with less reliance on government grants.',
      sponsor: {
        lead: 'Mayor Andy Street and Cllr Izzi Seccombe, with constituent council leaders, supported by lead CEO Deborah Cadman, Julia Goldsworthy (Director of Strategy) and Sean Pearce (Director of Finance)',
        board: 'Funding for Growth Commission and the WMCA Finance Directors Workstream, reporting to the WMCA Board',
      },
      ambitions: [
        'Full government engagement and commitment to levering diverse funding for local investment priorities, as set out in the Funding for Growth programme.',
        'A more independent West Midlands, less reliant on government grants, with flexibility across all areas of investment including public service reform.',
        'Clear signals on the viability of the Commission’s funding models and a commitment to take them forward together.',
      ],
      asksOfGovernment: [
        {
          title: 'MHCLG secondments and project support to develop the Supplementary Business Rates scheme and other funding streams from the first devolution deal',
        },
        {
          title: 'UK Government involvement on the Funding for Growth panel and access to project finance expertise (HM Treasury or Investment UK) for business cases, covering areas such as longer-term transport funding, land remediation, land value capture, the Housing Revenue Account cap, enterprise zones and tax increment financing, institutional investment, public service reform gainshare and retention of NHS asset sales',
        },
      ],
    },
    {
      id: 'fire-service-governance-transfer',
      title: 'Transferring governance of West Midlands Fire Service to the Mayoral Combined Authority',
      description:
        'Priority 7(a): moving governance of West Midlands Fire Service from the West Midlands Fire and Rescue Authority to the Mayoral WMCA, while keeping the service’s strategy and leadership arrangements stable.',
      sponsor: {
        lead: 'Mayor Andy Street; lead officers Henry Kippin (Director of Public Service Reform) and Chief Fire Officer Phil Loach',
        board: 'WMCA Board',
      },
      ambitions: [
        'An effective and timely transfer of fire service governance to the Mayoral WMCA.',
        'Continued delivery of the fire service’s three-year rolling Corporate Strategy.',
        'Established Chief Fire Officer leadership and operational accountabilities maintained as set out in the approved Scheme.',
      ],
      asksOfGovernment: [
        {
          title: 'Home Office to take the submitted Scheme through consultation on a draft Order and finalise the Order, for implementation by April 2019',
        },
      ],
    },
    {
      id: 'pcc-and-mayor-role-merger',
      title: 'Merging the roles of Police and Crime Commissioner and Mayor',
      description:
        'Priority 7(b): developing, consulting on and implementing proposals for the Mayor to take on the role of Police and Crime Commissioner, with a roadmap for 2018–20 and implementation by May 2020.',
      sponsor: {
        lead: 'Mayor Andy Street and Deborah Cadman (Chief Executive of WMCA), with Henry Kippin, Tim Martin (Monitoring Officer), Sean Pearce (Director of Finance) and officers from the Office of the PCC',
      },
      ambitions: [
        'Proposals for absorbing the PCC role into the Mayoral role, with safeguards such as operational independence, signed off locally.',
        'A clear 2018–20 roadmap, including the legislative plans, built with the OPCC, Home Office, MHCLG and constituent authorities.',
      ],
      asksOfGovernment: [
        {
          title: 'Work with the Ministry of Justice, Home Office and MHCLG on the proposals, and take them through the parliamentary process and Order, for implementation in May 2020',
        },
      ],
    },
  ],
} satisfies ProgrammeInput;
