package io.genrec.data;

import com.google.gson.JsonObject;

/**
 * The figures papers report for a sequential dataset, to check a load against them.
 *
 * @param density interactions / (users × items)
 */
public record DatasetStats(
    int users, int items, long interactions, double avgLength, int maxLength, double density) {

  public static DatasetStats of(SequenceDataset data) {
    int users = data.users().size();
    int items = data.items().size();
    long interactions = 0;
    int maxLength = 0;
    for (int[] sequence : data.sequences()) {
      interactions += sequence.length;
      maxLength = Math.max(maxLength, sequence.length);
    }
    double avgLength = users == 0 ? 0.0 : (double) interactions / users;
    double density = users == 0 || items == 0 ? 0.0 : interactions / ((double) users * items);
    return new DatasetStats(users, items, interactions, avgLength, maxLength, density);
  }

  /** Keys {@code users, items, interactions, avg_length, max_length, density}. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    json.addProperty("users", users);
    json.addProperty("items", items);
    json.addProperty("interactions", interactions);
    json.addProperty("avg_length", avgLength);
    json.addProperty("max_length", maxLength);
    json.addProperty("density", density);
    return json;
  }
}
