export default {
  docs: ['intro', 'dynamic'],
};
