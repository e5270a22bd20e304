import { CATEGORY_TAGS, type DemoContexts, type DemoIssueGroup, issue } from './demo-issues.ts';

// English tickets come mostly from offices of international companies: IT, printers, network, the building.

const fieldRepair = { severity: 'normal', service: 'repair', fieldShare: 0.65 } as const;
const urgentRepair = { severity: 'high', service: 'repair', fieldShare: 0.9 } as const;
const deskFault = { severity: 'normal', service: 'repair', fieldShare: 0.2 } as const;
const deskUrgent = { severity: 'high', service: 'support', fieldShare: 0.1 } as const;
const deskQuestion = { severity: 'low', service: 'support', fieldShare: 0 } as const;
const remoteFault = { severity: 'normal', service: 'support', fieldShare: 0 } as const;

export const EN_ISSUES: readonly DemoIssueGroup[] = [
  {
    category: 'it',
    tag: CATEGORY_TAGS.it,
    weights: { person: 2, organization: 28 },
    issues: [
      issue(
        'Laptop will not boot',
        deskFault,
        'My laptop shows a black screen after the logo.',
        'It restarts in a loop since this morning.',
      ),
      issue(
        'Cannot log in to email',
        remoteFault,
        'Outlook keeps asking for my password.',
        'I get an authentication error on the webmail page.',
      ),
      issue(
        'Account locked out',
        deskQuestion,
        'I mistyped my password a few times and now I am locked out.',
        'My account was locked after the password change.',
      ),
      issue(
        'Software install request',
        deskQuestion,
        'Please install the PDF editor on my workstation.',
        'A new hire needs the standard office package.',
      ),
    ],
  },
  {
    category: 'network',
    tag: CATEGORY_TAGS.network,
    weights: { person: 3, organization: 30 },
    issues: [
      issue(
        'VPN keeps disconnecting',
        remoteFault,
        'The VPN drops every ten minutes when I work from home.',
        'VPN connects, then disconnects as soon as I open a file share.',
      ),
      issue(
        'Wi-Fi drops in meeting room',
        deskFault,
        'The Wi-Fi in meeting room 3 cuts out during every call.',
        'Guests cannot stay connected to the visitor network.',
      ),
      issue(
        'Whole floor offline',
        deskUrgent,
        'Nobody on the 12th floor has network access.',
        'All wired ports in the east wing are dead.',
      ),
    ],
  },
  {
    category: 'printer',
    tag: CATEGORY_TAGS.printer,
    weights: { person: 2, organization: 25 },
    issues: [
      issue(
        'Printer jams on every page',
        deskFault,
        'The printer by reception jams on every single page.',
        'Paper gets stuck in the duplex unit each time.',
      ),
      issue(
        'Printer shows offline',
        deskFault,
        'My laptop says the printer is offline, but it is on.',
        'Nobody on our floor can print since the weekend.',
      ),
      issue(
        'Streaks on printed pages',
        deskFault,
        'Every copy has a grey streak down the middle.',
        'Prints come out faded on the left side.',
      ),
    ],
  },
  {
    category: 'hvac',
    tag: CATEGORY_TAGS.hvac,
    weights: { person: 3, organization: 10 },
    issues: [
      issue(
        'Air conditioning not cooling',
        fieldRepair,
        'The AC in our office blows warm air.',
        'It is over 28 degrees in the server room.',
      ),
      issue(
        'AC unit leaking water',
        fieldRepair,
        'Water is dripping from the indoor unit onto a desk.',
        'The AC above the pantry is leaking again.',
      ),
    ],
  },
  {
    category: 'elevator',
    tag: CATEGORY_TAGS.elevator,
    weights: { person: 1, organization: 4 },
    issues: [
      issue(
        'Elevator making grinding noise',
        fieldRepair,
        'Lift B makes a grinding noise between floors.',
        'The elevator shakes when it stops.',
      ),
      issue(
        'Person trapped in elevator',
        urgentRepair,
        'Someone is stuck in the lift between the 5th and 6th floor.',
        'The elevator stopped with two people inside.',
      ),
    ],
  },
  {
    category: 'water_purifier',
    tag: CATEGORY_TAGS.water_purifier,
    weights: { person: 1, organization: 3 },
    issues: [
      issue(
        'Water dispenser leaking',
        fieldRepair,
        'The filtered water dispenser in the kitchen is leaking.',
        'There is a puddle under the water purifier.',
      ),
    ],
  },
];

export const EN_CONTEXT: DemoContexts = {
  general: [
    'I already restarted it twice, no change.',
    'It started after the update yesterday.',
    'This affects the whole team.',
    'Same problem as last week, it came back.',
  ],
  visit: ['We have a client visit tomorrow morning.', 'Visitors need to register at the lobby desk.'],
};

export const EN_REQUEST_FIELD: readonly string[] = [
  'Please send a technician.',
  'Could someone come by today?',
  'Please call reception before coming up.',
];

export const EN_REQUEST_DESK: readonly string[] = [
  'Please advise.',
  'Could someone take a look today?',
  'Happy to do a remote session any time.',
];
