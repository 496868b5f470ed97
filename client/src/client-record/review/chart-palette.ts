// The severity chart's colours, shared by the chart and its HTML legend.
// Every series also differs by shape or line style, so colour never carries
// meaning alone; text colours keep at least 4.5:1 contrast on their backgrounds.
export const PALETTE = {
  episode: "#1f5f73",
  episodeStroke: "#ffffff",
  selfHarm: "#b3261e",
  selfHarmStroke: "#4a0d09",
  weeklyMean: "#1c2a33",
  intervention: "#5b3f8c",
  interventionText: "#47306f",
  course: "#52636e",
  courseText: "#2c3a43",
  grid: "#dfe5e9",
  axis: "#52636e",
  bands: {
    mild: { fill: "#e3f3ea", text: "#1d5c36" },
    moderate: { fill: "#fdf0d5", text: "#6e4a00" },
    severe: { fill: "#fbe4e2", text: "#8c1d18" },
  },
} as const;
