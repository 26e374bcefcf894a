package io.genrec.model.s3rec;

import io.genrec.nn.ItemSequenceEncoder;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The placeholders one pre-training batch feeds (see {@link PretrainSampler.Example}), each int32
 * [batch, maxLength] but {@code segmentWeight} (float32 [batch]: 1 for an example with a segment).
 * The segment ones are null when segment prediction is off.
 */
record PretrainInputs(
    Placeholder<TInt32> maskedItems,
    Placeholder<TInt32> items,
    Placeholder<TInt32> negatives,
    Placeholder<TInt32> maskedSegment,
    Placeholder<TInt32> positiveSegment,
    Placeholder<TInt32> negativeSegment,
    Placeholder<TFloat32> segmentWeight) {

  static PretrainInputs create(Ops tf, ItemSequenceEncoder encoder, boolean segments) {
    return new PretrainInputs(
        encoder.ids(tf, "s3rec_masked_items"),
        encoder.ids(tf, "s3rec_items"),
        encoder.ids(tf, "s3rec_negatives"),
        segments ? encoder.ids(tf, "s3rec_masked_segment") : null,
        segments ? encoder.ids(tf, "s3rec_positive_segment") : null,
        segments ? encoder.ids(tf, "s3rec_negative_segment") : null,
        segments ? tf.withName("s3rec_segment_weight").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)))
            : null);
  }
}
