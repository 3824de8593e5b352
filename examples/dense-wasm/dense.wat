;; A dense layer, y = relu(x · W + b), in f32 over a batch of rows:
;;   x: [batch, inDim], W: [inDim, outDim], b: [outDim], y: [batch, outDim], all row-major.
;; The memory is exported so the host can place the weights, inputs and outputs in it (and grow it).
(module
  (memory (export "memory") 1)

  ;; Pointers are byte offsets into the memory; dims are element counts.
  ;; Loop order is row, i, j: the innermost loop walks one contiguous row of W and of y, four
  ;; lanes at a time with a scalar tail when outDim is not a multiple of 4. Every y[r, j] is then
  ;; b[j] + x[r, 0]·W[0, j] + x[r, 1]·W[1, j] + ... added in order of i, the same in every lane,
  ;; so the result does not depend on where a column falls (vector body or tail).
  (func (export "dense")
    (param $xPtr i32) (param $wPtr i32) (param $bPtr i32) (param $yPtr i32)
    (param $batch i32) (param $inDim i32) (param $outDim i32)
    (local $row i32) (local $i i32) (local $jBytes i32)
    (local $xRowPtr i32) (local $yRowPtr i32) (local $wRowPtr i32)
    (local $rowBytes i32) (local $vectorEndBytes i32)
    (local $xi f32) (local $xiLanes v128)

    (local.set $rowBytes (i32.shl (local.get $outDim) (i32.const 2)))
    ;; the part of a row that whole 16-byte vectors cover
    (local.set $vectorEndBytes (i32.and (local.get $rowBytes) (i32.const -16)))
    (local.set $xRowPtr (local.get $xPtr))
    (local.set $yRowPtr (local.get $yPtr))

    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $batch)))

        (memory.copy (local.get $yRowPtr) (local.get $bPtr) (local.get $rowBytes))

        (local.set $i (i32.const 0))
        (local.set $wRowPtr (local.get $wPtr))
        (block $inputsDone
          (loop $inputs
            (br_if $inputsDone (i32.ge_u (local.get $i) (local.get $inDim)))
            (local.set $xi
              (f32.load (i32.add (local.get $xRowPtr) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $xiLanes (f32x4.splat (local.get $xi)))

            (local.set $jBytes (i32.const 0))
            (block $vectorDone
              (loop $vector
                (br_if $vectorDone (i32.ge_u (local.get $jBytes) (local.get $vectorEndBytes)))
                (v128.store align=4
                  (i32.add (local.get $yRowPtr) (local.get $jBytes))
                  (f32x4.add
                    (v128.load align=4 (i32.add (local.get $yRowPtr) (local.get $jBytes)))
                    (f32x4.mul
                      (local.get $xiLanes)
                      (v128.load align=4 (i32.add (local.get $wRowPtr) (local.get $jBytes))))))
                (local.set $jBytes (i32.add (local.get $jBytes) (i32.const 16)))
                (br $vector)))
            (block $tailDone
              (loop $tail
                (br_if $tailDone (i32.ge_u (local.get $jBytes) (local.get $rowBytes)))
                (f32.store
                  (i32.add (local.get $yRowPtr) (local.get $jBytes))
                  (f32.add
                    (f32.load (i32.add (local.get $yRowPtr) (local.get $jBytes)))
                    (f32.mul
                      (local.get $xi)
                      (f32.load (i32.add (local.get $wRowPtr) (local.get $jBytes))))))
                (local.set $jBytes (i32.add (local.get $jBytes) (i32.const 4)))
                (br $tail)))

            (local.set $wRowPtr (i32.add (local.get $wRowPtr) (local.get $rowBytes)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $inputs)))

        ;; ReLU. max(NaN, 0) stays NaN, and max(-0, 0) is +0, as with Math.max.
        (local.set $jBytes (i32.const 0))
        (block $reluVectorDone
          (loop $reluVector
            (br_if $reluVectorDone (i32.ge_u (local.get $jBytes) (local.get $vectorEndBytes)))
            (v128.store align=4
              (i32.add (local.get $yRowPtr) (local.get $jBytes))
              (f32x4.max
                (v128.load align=4 (i32.add (local.get $yRowPtr) (local.get $jBytes)))
                (v128.const f32x4 0 0 0 0)))
            (local.set $jBytes (i32.add (local.get $jBytes) (i32.const 16)))
            (br $reluVector)))
        (block $reluTailDone
          (loop $reluTail
            (br_if $reluTailDone (i32.ge_u (local.get $jBytes) (local.get $rowBytes)))
            (f32.store
              (i32.add (local.get $yRowPtr) (local.get $jBytes))
              (f32.max
                (f32.load (i32.add (local.get $yRowPtr) (local.get $jBytes)))
                (f32.const 0)))
            (local.set $jBytes (i32.add (local.get $jBytes) (i32.const 4)))
            (br $reluTail)))

        (local.set $xRowPtr
          (i32.add (local.get $xRowPtr) (i32.shl (local.get $inDim) (i32.const 2))))
        (local.set $yRowPtr (i32.add (local.get $yRowPtr) (local.get $rowBytes)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rows)))))
