/**
 * The Edinburgh Postnatal Depression Scale as printed (Cox, Holden &
 * Sagovsky 1987): ten statements, each with four answers in printed order.
 * The form sends the index of the answer chosen; the server scores it
 * (CONTRACT.md), so no scores live here.
 */
export const EPDS_INTRO =
  "As you have recently had a baby, we would like to know how you are feeling. Please choose the answer that comes closest to how you have felt in the past 7 days, not just how you feel today.";

export const EPDS_ITEMS: readonly { statement: string; options: readonly [string, string, string, string] }[] = [
  {
    statement: "I have been able to laugh and see the funny side of things",
    options: ["As much as I always could", "Not quite so much now", "Definitely not so much now", "Not at all"],
  },
  {
    statement: "I have looked forward with enjoyment to things",
    options: ["As much as I ever did", "Rather less than I used to", "Definitely less than I used to", "Hardly at all"],
  },
  {
    statement: "I have blamed myself unnecessarily when things went wrong",
    options: ["Yes, most of the time", "Yes, some of the time", "Not very often", "No, never"],
  },
  {
    statement: "I have been anxious or worried for no good reason",
    options: ["No, not at all", "Hardly ever", "Yes, sometimes", "Yes, very often"],
  },
  {
    statement: "I have felt scared or panicky for no very good reason",
    options: ["Yes, quite a lot", "Yes, sometimes", "No, not much", "No, not at all"],
  },
  {
    statement: "Things have been getting on top of me",
    options: [
      "Yes, most of the time I haven't been able to cope at all",
      "Yes, sometimes I haven't been coping as well as usual",
      "No, most of the time I have coped quite well",
      "No, I have been coping as well as ever",
    ],
  },
  {
    statement: "I have been so unhappy that I have had difficulty sleeping",
    options: ["Yes, most of the time", "Yes, sometimes", "Not very often", "No, not at all"],
  },
  {
    statement: "I have felt sad or miserable",
    options: ["Yes, most of the time", "Yes, quite often", "Not very often", "No, not at all"],
  },
  {
    statement: "I have been so unhappy that I have been crying",
    options: ["Yes, most of the time", "Yes, quite often", "Only occasionally", "No, never"],
  },
  {
    statement: "The thought of harming myself has occurred to me",
    options: ["Yes, quite often", "Sometimes", "Hardly ever", "Never"],
  },
];

/** Item 10's last printed answer, "Never", is the only one that scores 0. */
export const ITEM_10_NEVER = 3;
