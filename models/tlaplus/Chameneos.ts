// Translated from tlaplus/Examples: specifications/Chameneos/Chameneos.tla
// (model Chameneos.cfg: N = 4, M = 4, invariants TypeOK and SumMet,
// CHECK_DEADLOCK FALSE).
//
// The chameneos concurrency game: M creatures meet in pairs at a meeting place and
// both take the complement of their two colours; after N meetings in all, each
// creature that tries to enter fades. Faded and MeetingPlaceEmpty are TLC model
// values, represented here by their names.
import { c, defineSpec, model, range, t } from '../../spec/index.js';

const Color = ['blue', 'red', 'yellow'] as const;
type Color = (typeof Color)[number];
const Faded = 'Faded';
const MeetingPlaceEmpty = 'MeetingPlaceEmpty';
type Hue = Color | typeof Faded;
/** A creature is <<colour, number of meetings it has been in>>. */
type Creature = [Hue, number];
type State = { chameneoses: Record<number, Creature>; meetingPlace: number | typeof MeetingPlaceEmpty; numMeetings: number };

/** The same colour when both are equal, else the third colour. */
function Complement(c1: Hue, c2: Hue): Hue {
  if (c1 === c2) return c1;
  return Color.find((cid) => cid !== c1 && cid !== c2)!;
}

export default defineSpec({
  name: 'tlaplus/Chameneos',
  description: 'Chameneos concurrency game (TLA+ Chameneos)',
  constants: {
    N: c.int(4, { min: 1, max: 64, description: 'total meetings after which the chameneoses fade' }),
    M: c.int(4, { min: 1, max: 8, description: 'number of chameneoses' }),
  },
  build: ({ N, M }) => {
    const ChameneosID = range(1, M);

    // Init: every assignment of a colour to each creature, none having met yet.
    const initialColorings = (): Color[][] =>
      ChameneosID.reduce<Color[][]>((partial) => partial.flatMap((colors) => Color.map((color) => [...colors, color])), [[]]);

    const notFaded = (s: Readonly<State>) => ChameneosID.filter((x) => s.chameneoses[x]![0] !== Faded);
    const Sum = (s: Readonly<State>) => ChameneosID.reduce((total, cid) => total + s.chameneoses[cid]![1], 0);

    return model({
      chameneoses: t.map(ChameneosID, t.tuple(t.enum(...Color, Faded), t.int(0, N))),
      meetingPlace: t.oneOf<number | typeof MeetingPlaceEmpty>([...ChameneosID, MeetingPlaceEmpty]),
      numMeetings: t.int(0, N),
    })
      .initial(() =>
        initialColorings().map((colors) => ({
          chameneoses: Object.fromEntries(ChameneosID.map((cid, i) => [cid, [colors[i]!, 0] as Creature])),
          meetingPlace: MeetingPlaceEmpty,
          numMeetings: 0,
        })),
      )
      // Next: some creature that has not faded tries to meet.
      .action<{ cid: number }>('Meet', { params: (s) => notFaded(s).map((cid) => ({ cid })) }, (n, { cid }, s) => meet(n, cid, s))
      .invariant(
        'TypeOK',
        (s) =>
          ChameneosID.every((cid) => [...Color, Faded].includes(s.chameneoses[cid]![0]) && s.chameneoses[cid]![1] >= 0 && s.chameneoses[cid]![1] <= N) &&
          (ChameneosID.includes(s.meetingPlace as number) || s.meetingPlace === MeetingPlaceEmpty),
        'chameneoses and meetingPlace have their declared types',
      )
      .invariant('SumMet', (s) => s.numMeetings !== N || Sum(s) === 2 * N, 'after N meetings the creatures have met 2N times in all')
      .deadlock(false);

    /** Meet(cid): enter the empty place, fade once N meetings happened, or meet the waiting creature. */
    function meet(n: State, cid: number, s: Readonly<State>): false | void {
      if (s.meetingPlace === MeetingPlaceEmpty) {
        if (s.numMeetings < N) n.meetingPlace = cid;
        else n.chameneoses[cid]![0] = Faded;
        return;
      }
      const other = s.meetingPlace;
      if (other === cid) return false;
      const newColor = Complement(s.chameneoses[cid]![0], s.chameneoses[other]![0]);
      n.meetingPlace = MeetingPlaceEmpty;
      n.chameneoses[cid] = [newColor, s.chameneoses[cid]![1] + 1];
      n.chameneoses[other] = [newColor, s.chameneoses[other]![1] + 1];
      n.numMeetings = s.numMeetings + 1;
    }
  },
});
