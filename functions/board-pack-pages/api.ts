import { csv, page, tableFailures } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

export const api = describeRoutes(definition, {
  routes: {
    'GET /board-packs': {
      operationId: 'listBoardPacks',
      tag: 'Board packs',
      summary: 'The board packs made',
      description:
        'A page listing each quarter’s pack. With a session cookie, it has the form that makes a quarter’s pack (with the session’s CSRF token); the post decides whether the session is a board member’s.',
      errorPages: true,
      responses: { 200: { description: 'The list, and the form for a board member.', content: { 'text/html': page } }, ...tableFailures },
    },
    'GET /board-packs/{quarter}': {
      operationId: 'getBoardPack',
      tag: 'Board packs',
      summary: 'A quarter’s board pack, printable',
      description:
        'A page with the portfolio at the quarter’s end and the priorities with no update, then each priority: its status at the quarter’s end and the change since the previous quarter, the sponsor’s and the independent rating, the quarter’s updates, and the barriers opened, resolved and needing support. Printed (A4), each priority starts a page.',
      errorPages: true,
      responses: {
        200: { description: 'The pack.', content: { 'text/html': page } },
        400: 'The quarter is not YYYY-Qn.',
        404: 'No pack has been made for the quarter.',
        ...tableFailures,
      },
    },
    'GET /board-packs/{quarter}/pack.csv': {
      operationId: 'exportBoardPack',
      tag: 'Board packs',
      summary: 'A quarter’s board pack as CSV',
      description:
        'One row per priority: both ratings, the change since the previous quarter, the number of updates and of barriers opened, resolved and needing support.',
      errorPages: true,
      responses: {
        200: { description: 'The pack, as an attachment.', content: { 'text/csv': csv }, headers: ['Content-Disposition'] },
        400: 'The quarter is not YYYY-Qn.',
        404: 'No pack has been made for the quarter.',
        ...tableFailures,
      },
    },
  },
});
