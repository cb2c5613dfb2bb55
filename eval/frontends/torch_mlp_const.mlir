module attributes {torch.debug_module_name = "MLPConst"} {
  ml_program.global private mutable @global_seed(dense<0> : tensor<i64>) : tensor<i64>
  func.func @forward(%arg0: tensor<2x16xf32>) -> (tensor<2x4xf32>, tensor<2x32xf32>) {
    %cst_0 = arith.constant 5.000000e-01 : f32
    %cst_1 = arith.constant 1.000000e+00 : f32
    %cst_2 = arith.constant 0.707106769 : f32
    %cst_3 = arith.constant 0.797884583 : f32
    %cst_4 = arith.constant 4.471500e-02 : f32
    %cst_5 = arith.constant 0.000000e+00 : f32
    %flat1 = arith.constant dense<[-0.2612, 0.4135, 0.1125, 0.4270, -0.4507, 0.3558, -0.1390, -0.4469, -0.4312, 0.4839, 0.4728, 0.0313, -0.0481, 0.0478, 0.1050, 0.2774, 0.2798, -0.0819, -0.0259, 0.3521, -0.1375, -0.0185, -0.4081, 0.2491, 0.3342, -0.1419, -0.3212, 0.4818, -0.3779, -0.0452, -0.0437, -0.3920, -0.3860, 0.1216, 0.2728, -0.4155, 0.1056, 0.4263, -0.2343, 0.0905, -0.1473, -0.1872, 0.0125, 0.2117, -0.1902, -0.3418, 0.3741, 0.1256, -0.1207, 0.4964, -0.0154, -0.3219, -0.2463, 0.4207, 0.0880, -0.0072, -0.3251, -0.0660, -0.3214, -0.4980, 0.1916, 0.2600, -0.3553, 0.0430, 0.2419, 0.3828, -0.1287, -0.0933, 0.1384, 0.3286, 0.0036, -0.0182, 0.2857, 0.4572, -0.1756, 0.3848, -0.2929, -0.2227, 0.4497, 0.2149, -0.2912, -0.4479, -0.2062, 0.3260, 0.2600, -0.2894, 0.0093, 0.2564, -0.0827, -0.1701, -0.1477, -0.2945, 0.3708, -0.2955, 0.1789, 0.1997, -0.0596, -0.2314, 0.0239, -0.1632, -0.3995, -0.1140, -0.0341, 0.2506, 0.3615, 0.2738, -0.2684, 0.1856, 0.0850, -0.4239, 0.2424, 0.3228, 0.0628, 0.3521, -0.4431, 0.2470, -0.0643, 0.4951, 0.4111, -0.3037, -0.2181, 0.3477, 0.3119, 0.4849, 0.4522, -0.4706, 0.3837, -0.2617, 0.4806, -0.2591, 0.4244, 0.3341, 0.1479, 0.0623, -0.1281, -0.3140, -0.4731, -0.4902, -0.3650, 0.2644, -0.4124, -0.1336, -0.0087, 0.4924, -0.3110, 0.0537, 0.0067, -0.0920, 0.0382, -0.4417, 0.1770, -0.2654, -0.0580, -0.3200, 0.2475, 0.2485, -0.0685, -0.3832, 0.4121, -0.4152, 0.0868, -0.3475, 0.3450, -0.1268, 0.1394, -0.0376, -0.2308, -0.1572, 0.1821, -0.1971, -0.4864, 0.2875, 0.0621, 0.1003, 0.2633, 0.0324, -0.2117, -0.2952, 0.4544, 0.2916, -0.4719, -0.1747, 0.0183, -0.4411, 0.0242, 0.4099, -0.0727, 0.4203, -0.4924, 0.4892, -0.2548, -0.0693, 0.4363, -0.2534, -0.3641, 0.4446, -0.3626, -0.1686, -0.4667, 0.0416, -0.3199, 0.1817, 0.4249, -0.0634, -0.4410, 0.3708, -0.0464, -0.4829, 0.0145, 0.2441, -0.2107, -0.1040, 0.0692, 0.3615, 0.4748, 0.1224, -0.3917, -0.4889, -0.3024, 0.4398, 0.0825, 0.3099, 0.1922, 0.2330, -0.3403, 0.1571, -0.2745, -0.4458, 0.4069, 0.0551, -0.1321, 0.3683, 0.3272, 0.0652, -0.4960, -0.0909, 0.3318, 0.4114, 0.2853, -0.2134, 0.4747, -0.4992, 0.4789, -0.2651, 0.0281, 0.3732, -0.0856, 0.1440, 0.2271, 0.3480, -0.0172, -0.2377, -0.2388, -0.1173, -0.1096, 0.2147]> : tensor<256xf32>
    %weight0 = tensor.expand_shape %flat1 [[0, 1]] output_shape [16, 16] : tensor<256xf32> into tensor<16x16xf32>
    %weight2 = arith.constant dense<[-0.2608, -0.4958, -0.2028, 0.4640, 0.2158, 0.1035, 0.2920, 0.4693, 0.0775, -0.4586, -0.0735, -0.2839, -0.0713, -0.0003, 0.3334, -0.2565]> : tensor<16xf32>
    %empty3 = tensor.empty() : tensor<16x16xf32>
    %gen4 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%weight0 : tensor<16x16xf32>) outs(%empty3 : tensor<16x16xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<16x16xf32>
    %empty5 = tensor.empty() : tensor<2x16xf32>
    %gen6 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%weight2 : tensor<16xf32>) outs(%empty5 : tensor<2x16xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<2x16xf32>
    %mm7 = linalg.matmul ins(%arg0, %gen4 : tensor<2x16xf32>, tensor<16x16xf32>) outs(%gen6 : tensor<2x16xf32>) -> tensor<2x16xf32>
    %empty8 = tensor.empty() : tensor<2x16xf32>
    %gen9 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%mm7 : tensor<2x16xf32>) outs(%empty8 : tensor<2x16xf32>) {
    ^bb0(%in0: f32, %out: f32):
      %a = arith.mulf %in0, %cst_2 : f32
      %e = math.erf %a : f32
      %p = arith.addf %e, %cst_1 : f32
      %h = arith.mulf %in0, %cst_0 : f32
      %r = arith.mulf %h, %p : f32
      linalg.yield %r : f32
    } -> tensor<2x16xf32>
    %flat11 = arith.constant dense<[-0.2604, -0.4051, 0.4819, -0.4990, -0.1177, -0.1488, -0.2769, 0.3854, -0.4138, -0.4012, 0.3803, 0.4009, -0.0944, -0.0485, -0.4383, 0.2096, -0.4139, -0.0515, -0.4287, 0.1257, 0.2446, 0.1072, -0.0676, 0.3926, -0.4310, -0.2583, -0.1225, 0.0159, 0.2418, 0.1894, 0.1315, -0.0817, -0.4593, 0.3344, 0.0676, 0.4300, -0.1813, 0.0704, -0.4374, 0.3835, 0.3177, -0.4080, 0.1316, 0.3248, 0.0176, -0.3436, 0.1681, -0.3905, 0.4750, 0.2045, 0.3692, 0.3978, -0.1454, -0.0161, -0.3265, -0.1849, -0.3948, 0.0630, 0.2896, -0.2077, 0.4856, 0.3774, -0.3562, 0.3537, -0.1089, -0.3007, 0.3247, 0.3653, -0.3147, -0.3298, 0.3530, 0.0120, -0.0096, -0.2122, 0.3547, -0.4830, -0.3624, 0.4877, 0.4655, -0.1292, 0.2330, -0.2899, 0.0455, -0.4161, 0.0395, -0.4069, -0.4697, -0.2703, 0.1307, 0.1818, -0.0007, -0.2064, -0.4829, 0.2954, 0.2873, 0.0926, 0.1997, -0.0582, -0.2821, -0.2175, 0.3538, -0.0795, -0.2127, -0.2830, 0.0950, -0.4952, 0.3772, -0.3242, -0.4682, 0.3439, 0.3228, -0.2747, 0.0578, -0.0248, 0.4161, -0.2700, 0.0852, -0.4130, 0.1723, 0.2783, -0.3246, -0.0758, -0.0639, -0.4616, -0.2336, 0.4747, 0.1575, -0.1881, -0.0466, 0.3295, -0.0854, -0.2020, 0.0240, 0.3564, 0.0116, -0.1641, -0.2995, -0.4231, 0.2301, -0.3599, 0.2945, -0.1107, -0.4383, 0.2950, 0.2254, -0.4749, -0.4997, -0.4772, -0.3944, -0.1162, -0.2777, 0.4930, 0.3473, -0.3677, -0.2677, -0.3140, 0.4919, 0.2122, 0.3026, -0.4210, -0.2827, 0.1458, -0.2144, 0.1687, 0.2238, -0.2212, -0.3749, -0.4040, 0.4540, 0.3541, -0.3527, 0.3897, 0.3483, -0.4465, -0.0427, 0.0928, 0.0901, -0.0988, -0.4797, 0.2896, -0.4573, -0.3327, -0.2439, 0.2970, -0.1675, 0.1635, -0.2765, 0.0363, -0.2197, -0.4293, -0.2756, -0.1479, 0.1345, -0.3105, 0.4047, 0.2922, -0.1906, 0.2544, -0.3199, 0.1159, -0.4193, -0.2985, 0.0660, 0.0446, -0.0563, -0.4679, 0.2377, 0.0221, 0.0840, -0.3399, -0.0984, -0.0018, 0.1665, 0.3867, 0.3026, -0.4963, 0.3953, -0.1089, -0.0515, -0.4701, -0.4538, 0.3784, 0.3776, 0.4799, -0.0736, 0.2754, 0.0490, 0.2068, -0.0351, 0.1151, -0.3177, 0.4043, -0.1159, 0.0002, -0.3736, -0.1341, 0.1595, -0.2139, 0.0843, 0.3770, -0.2825, 0.3742, 0.2726, 0.2572, 0.0755, -0.2429, -0.1562, -0.1825, -0.1217, -0.2961, 0.1489, 0.2480, -0.4676, 0.2291, 0.1700, -0.2982]> : tensor<256xf32>
    %weight10 = tensor.expand_shape %flat11 [[0, 1]] output_shape [16, 16] : tensor<256xf32> into tensor<16x16xf32>
    %weight12 = arith.constant dense<[-0.2601, -0.3144, 0.1666, -0.4620, -0.4513, -0.4011, 0.1541, 0.3016, 0.0949, -0.3437, -0.1660, 0.0857, -0.1176, -0.0967, -0.2100, -0.3243]> : tensor<16xf32>
    %empty13 = tensor.empty() : tensor<16x16xf32>
    %gen14 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%weight10 : tensor<16x16xf32>) outs(%empty13 : tensor<16x16xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<16x16xf32>
    %empty15 = tensor.empty() : tensor<2x16xf32>
    %gen16 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%weight12 : tensor<16xf32>) outs(%empty15 : tensor<2x16xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<2x16xf32>
    %mm17 = linalg.matmul ins(%arg0, %gen14 : tensor<2x16xf32>, tensor<16x16xf32>) outs(%gen16 : tensor<2x16xf32>) -> tensor<2x16xf32>
    %empty18 = tensor.empty() : tensor<2x16xf32>
    %gen19 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%mm17 : tensor<2x16xf32>) outs(%empty18 : tensor<2x16xf32>) {
    ^bb0(%in0: f32, %out: f32):
      %x3 = arith.mulf %in0, %in0 : f32
      %x3b = arith.mulf %x3, %in0 : f32
      %k = arith.mulf %x3b, %cst_4 : f32
      %in = arith.addf %in0, %k : f32
      %s = arith.mulf %in, %cst_3 : f32
      %th = math.tanh %s : f32
      %p = arith.addf %th, %cst_1 : f32
      %h = arith.mulf %in0, %cst_0 : f32
      %r = arith.mulf %h, %p : f32
      linalg.yield %r : f32
    } -> tensor<2x16xf32>
    %empty20 = tensor.empty() : tensor<2x32xf32>
    %cat21 = tensor.insert_slice %gen9 into %empty20[0, 0] [2, 16] [1, 1] : tensor<2x16xf32> into tensor<2x32xf32>
    %cat22 = tensor.insert_slice %gen19 into %cat21[0, 16] [2, 16] [1, 1] : tensor<2x16xf32> into tensor<2x32xf32>
    %head23 = tensor.extract_slice %cat22[0, 0] [2, 16] [1, 1] : tensor<2x32xf32> to tensor<2x16xf32>
    %empty24 = tensor.empty() : tensor<2x16xf32>
    %gen25 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%head23 : tensor<2x16xf32>) outs(%empty24 : tensor<2x16xf32>) {
    ^bb0(%in0: f32, %out: f32):
      %c = arith.cmpf ugt, %in0, %cst_5 : f32
      %r = arith.select %c, %in0, %cst_5 : f32
      linalg.yield %r : f32
    } -> tensor<2x16xf32>
    %flat27 = arith.constant dense<[-0.2597, -0.2237, -0.1487, -0.4250, 0.2152, 0.3466, -0.4149, 0.2177, -0.3964, -0.2863, 0.2877, -0.2295, -0.1407, -0.1449, 0.0183, 0.1418, -0.1076, -0.0211, 0.1684, -0.1007, -0.3732, 0.2328, 0.2729, -0.4640, -0.1962, -0.3746, 0.0762, -0.4499, -0.1385, 0.4240, 0.3067, 0.2285, 0.4673, -0.4528, -0.1377, 0.2755, -0.4681, -0.2856, 0.3595, -0.3234, -0.2173, 0.3713, 0.2508, 0.4380, 0.2255, -0.3454, -0.0379, 0.0934, 0.0708, -0.0873, -0.2462, 0.1175, -0.0445, -0.4528, 0.2590, -0.3626, -0.4644, 0.1921, -0.0994, 0.0826, -0.2204, 0.4948, -0.3571, -0.3356]> : tensor<64xf32>
    %weight26 = tensor.expand_shape %flat27 [[0, 1]] output_shape [4, 16] : tensor<64xf32> into tensor<4x16xf32>
    %weight28 = arith.constant dense<[-0.2593, -0.1330, -0.4640, -0.3879]> : tensor<4xf32>
    %empty29 = tensor.empty() : tensor<16x4xf32>
    %gen30 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%weight26 : tensor<4x16xf32>) outs(%empty29 : tensor<16x4xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<16x4xf32>
    %empty31 = tensor.empty() : tensor<2x4xf32>
    %gen32 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%weight28 : tensor<4xf32>) outs(%empty31 : tensor<2x4xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<2x4xf32>
    %mm33 = linalg.matmul ins(%gen25, %gen30 : tensor<2x16xf32>, tensor<16x4xf32>) outs(%gen32 : tensor<2x4xf32>) -> tensor<2x4xf32>
    return %mm33, %cat22 : tensor<2x4xf32>, tensor<2x32xf32>
  }
}
