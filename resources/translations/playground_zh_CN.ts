<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AttentionMap</name>
    <message>
        <location filename="../../playground/qt/widgets/attention_map.py" line="96"/>
        <source>query &apos;{0}&apos; (position {1}) → key &apos;{2}&apos; (position {3}): {4:.1%}</source>
        <translation>查询“{0}”（位置 {1}）→ 键“{2}”（位置 {3}）：{4:.1%}</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/attention_map.py" line="203"/>
        <source>rows: queries
columns: keys</source>
        <translation>行：查询
列：键</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/attention_map.py" line="283"/>
        <source>(rows: query, columns: key)</source>
        <translation>（行：查询，列：键）</translation>
    </message>
</context>
<context>
    <name>AttentionPanel</name>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="259"/>
        <location filename="../../playground/qt/panels/attention.py" line="336"/>
        <source>Layer {0}, head {1}</source>
        <translation>第 {0} 层，第 {1} 个头</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="262"/>
        <source>query &apos;{0}&apos; (position {1})</source>
        <translation>查询“{0}”（位置 {1}）</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="269"/>
        <source>No model yet: train one (Training tab) or open a saved run (Runs).</source>
        <translation>还没有模型：请训练一个（“训练”标签页）或打开已保存的运行（运行记录）。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="271"/>
        <source>Could not look at this text: {0}</source>
        <translation>无法查看这段文本：{0}</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="272"/>
        <source>Type a text above, or take a piece of the validation text.</source>
        <translation>请在上方输入文本，或取一段验证集文本。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="275"/>
        <source>Hover a cell to read its weight; click a row or a token of the text to follow that query.</source>
        <translation>将鼠标悬停在格子上可读取其权重；点击一行或文本中的一个词元可跟踪该查询。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="284"/>
        <source>The text is {0} tokens long, more than the model&apos;s context window of {1}: the model reads only its last {1} tokens, and these are what the maps show.</source>
        <translation>这段文本有 {0} 个词元，超过了模型 {1} 个词元的上下文窗口：模型只读取最后 {1} 个词元，图中显示的就是这些。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="288"/>
        <source>The model being trained, looked at again at each evaluation.</source>
        <translation>正在训练的模型，每次评估时重新查看。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="308"/>
        <source>Type a text to look at (empty: a piece of the validation text)…</source>
        <translation>输入要查看的文本（留空：取一段验证集文本）…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="309"/>
        <source>Look</source>
        <translation>查看</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="310"/>
        <source>Run the model over the text and show every head&apos;s attention.</source>
        <translation>让模型读一遍这段文本，并显示每个注意力头的注意力。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="311"/>
        <source>Validation excerpt</source>
        <translation>验证集片段</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="312"/>
        <source>A piece of the validation text: text the model never trained on.</source>
        <translation>验证集中的一段文本：模型从未在其上训练过。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="313"/>
        <source>Click a token to see where it looks in every head; click it again to let it go.</source>
        <translation>点击一个词元，查看它在每个注意力头中关注哪里；再次点击取消。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="315"/>
        <source>Every head: a row per layer, a column per head. Click one to see it large.</source>
        <translation>所有注意力头：每层一行，每个头一列。点击一个可放大查看。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="317"/>
        <source>Zoom out (Ctrl+wheel, Ctrl+-)</source>
        <translation>缩小（Ctrl+滚轮，Ctrl+-）</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="319"/>
        <source>Zoom in (Ctrl+wheel, Ctrl++)</source>
        <translation>放大（Ctrl+滚轮，Ctrl++）</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="320"/>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="321"/>
        <source>Show the whole map</source>
        <translation>显示整张图</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="322"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="323"/>
        <source>Save this head as PNG…</source>
        <translation>将此注意力头保存为 PNG…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="324"/>
        <source>Save every head as PNG…</source>
        <translation>将所有注意力头保存为 PNG…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="325"/>
        <source>Save this head&apos;s weights as CSV…</source>
        <translation>将此注意力头的权重保存为 CSV…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="337"/>
        <source>Save this head as PNG</source>
        <translation>将此注意力头保存为 PNG</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="338"/>
        <location filename="../../playground/qt/panels/attention.py" line="344"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="343"/>
        <source>Save every head as PNG</source>
        <translation>将所有注意力头保存为 PNG</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="350"/>
        <source>Save this head&apos;s weights as CSV</source>
        <translation>将此注意力头的权重保存为 CSV</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/attention.py" line="351"/>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
</context>
<context>
    <name>Corpus</name>
    <message>
        <location filename="../../playground/qt/session/corpus.py" line="82"/>
        <source>Pasted text</source>
        <translation>粘贴的文本</translation>
    </message>
    <message>
        <location filename="../../playground/qt/session/corpus.py" line="82"/>
        <source>pasted text</source>
        <translation>粘贴的文本</translation>
    </message>
    <message>
        <location filename="../../playground/qt/session/corpus.py" line="95"/>
        <source>A run is training on the current corpus. Stop it before loading another one.</source>
        <translation>当前语料上有一个运行正在训练。请先停止它，再加载其他语料。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/session/corpus.py" line="99"/>
        <source>Loading {0}…</source>
        <translation>正在加载 {0}…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/session/corpus.py" line="122"/>
        <source>Corpus ready: {0}</source>
        <translation>语料就绪：{0}</translation>
    </message>
</context>
<context>
    <name>CorpusPanel</name>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="108"/>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="109"/>
        <source>A text file: .txt, .md, or .jsonl with one {&quot;text&quot;: …} per line.</source>
        <translation>文本文件：.txt、.md，或每行一个 {&quot;text&quot;: …} 的 .jsonl。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="110"/>
        <source>Open folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="111"/>
        <source>Every .txt, .md and .jsonl file in a folder and its subfolders.</source>
        <translation>文件夹及其子文件夹中的所有 .txt、.md 和 .jsonl 文件。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="112"/>
        <source>Paste text…</source>
        <translation>粘贴文本…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="113"/>
        <source>Built-in:</source>
        <translation>内置：</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="116"/>
        <source>(choose a demo corpus)</source>
        <translation>（选择一个示例语料）</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="117"/>
        <source>Python documentation (English prose and code)</source>
        <translation>Python 文档（英文说明与代码）</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="118"/>
        <source>Arithmetic (watch it learn to add)</source>
        <translation>算术（看它学会加法）</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="121"/>
        <source>You can also drop a file or folder onto the window. Any text encoding works (UTF-8, UTF-16, GBK, Big5…). Files up to {0} GiB: tokenizing needs several times the file&apos;s size in memory.</source>
        <translation>也可以把文件或文件夹拖到窗口上。支持各种文本编码（UTF-8、UTF-16、GBK、Big5…）。文件最大 {0} GiB：分词时需要数倍于文件大小的内存。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="124"/>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="125"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="125"/>
        <source>Source:</source>
        <translation>来源：</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="125"/>
        <source>Encoding:</source>
        <translation>编码：</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="126"/>
        <source>Documents:</source>
        <translation>文档数：</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="126"/>
        <source>Characters:</source>
        <translation>字符数：</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="127"/>
        <source>Distinct characters:</source>
        <translation>不同字符数：</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="127"/>
        <source>Tokens:</source>
        <translation>词元数：</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="128"/>
        <source>Training / validation:</source>
        <translation>训练 / 验证：</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="128"/>
        <source>Vocabulary:</source>
        <translation>词表：</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="131"/>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="138"/>
        <source>How the text is cut into tokens</source>
        <translation>文本如何切分为词元</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="139"/>
        <source>Each coloured block is one token; ↵ marks a line break.</source>
        <translation>每个色块是一个词元；↵ 表示换行。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="146"/>
        <source>Open a text corpus</source>
        <translation>打开文本语料</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="147"/>
        <source>Text (*.txt *.md *.jsonl);;All files (*)</source>
        <translation>文本 (*.txt *.md *.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="152"/>
        <source>Open a folder of text files</source>
        <translation>打开文本文件夹</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="173"/>
        <source>Loading {0}…</source>
        <translation>正在加载 {0}…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="204"/>
        <source>built-in demo</source>
        <translation>内置示例</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="206"/>
        <source>pasted text</source>
        <translation>粘贴的文本</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="217"/>
        <source>{0} / {1} tokens ({2:.0%} held out)</source>
        <translation>{0} / {1} 个词元（留出 {2:.0%}）</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="219"/>
        <source>{0} tokens</source>
        <translation>{0} 个词元</translation>
    </message>
</context>
<context>
    <name>EmbeddingPanel</name>
    <message>
        <location filename="../../playground/qt/panels/embeddings.py" line="107"/>
        <source>Evaluation:</source>
        <translation>评估：</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/embeddings.py" line="108"/>
        <source>Go back over the maps taken at each evaluation of the run. At the right end, the map follows the newest one.</source>
        <translation>回看本次运行每次评估时绘制的图。滑块在最右端时，图会跟随最新的一张。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/embeddings.py" line="110"/>
        <source>Find a token…</source>
        <translation>查找词元…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/embeddings.py" line="161"/>
        <source>The run {0}, map {1} of {2}</source>
        <translation>运行 {0}，第 {1} 张图，共 {2} 张</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/embeddings.py" line="163"/>
        <source>Step {0} of the run {1}, evaluation {2} of {3}</source>
        <translation>运行 {1} 的第 {0} 步，第 {2} 次评估，共 {3} 次</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/embeddings.py" line="170"/>
        <source>Drawing the map…</source>
        <translation>正在绘制图…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/embeddings.py" line="172"/>
        <source>No model yet: train one or open a run. Its embedding map appears here: each token placed by what the model learnt about it, and while it trains, a new map at each evaluation.</source>
        <translation>还没有模型：请训练一个，或打开一个运行记录。它的嵌入图会显示在这里：每个词元的位置取决于模型对它学到了什么；训练期间，每次评估都会绘制一张新图。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/embeddings.py" line="183"/>
        <source>Click a token on the map, or find one above, to list its nearest tokens.</source>
        <translation>点击图上的词元，或在上方查找一个，即可列出与它最接近的词元。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/embeddings.py" line="186"/>
        <source>Nearest tokens to {0}, by cosine similarity of their embeddings:</source>
        <translation>与 {0} 最接近的词元（按嵌入的余弦相似度）：</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/embeddings.py" line="204"/>
        <source>No token reads “{0}”.</source>
        <translation>没有内容为“{0}”的词元。</translation>
    </message>
</context>
<context>
    <name>EmbeddingScatter</name>
    <message>
        <location filename="../../playground/qt/widgets/embedding_scatter.py" line="117"/>
        <source>digits</source>
        <translation>数字</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/embedding_scatter.py" line="117"/>
        <source>vowels</source>
        <translation>元音字母</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/embedding_scatter.py" line="117"/>
        <source>lower case</source>
        <translation>小写字母</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/embedding_scatter.py" line="118"/>
        <source>upper case</source>
        <translation>大写字母</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/embedding_scatter.py" line="118"/>
        <source>punctuation</source>
        <translation>标点符号</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/embedding_scatter.py" line="118"/>
        <source>spaces</source>
        <translation>空白</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/embedding_scatter.py" line="119"/>
        <source>Chinese, Japanese, Korean</source>
        <translation>中日韩文字</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/embedding_scatter.py" line="119"/>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/embedding_scatter.py" line="122"/>
        <source>Save map as PNG…</source>
        <translation>将图保存为 PNG…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/embedding_scatter.py" line="123"/>
        <source>Save map as CSV…</source>
        <translation>将图保存为 CSV…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/embedding_scatter.py" line="124"/>
        <source>Show all tokens</source>
        <translation>显示全部词元</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/embedding_scatter.py" line="130"/>
        <source>first principal component</source>
        <translation>第一主成分</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/embedding_scatter.py" line="131"/>
        <source>second principal component</source>
        <translation>第二主成分</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/embedding_scatter.py" line="138"/>
        <source>Hover a token for its nearest tokens; click it to select it. Drag to pan, wheel to zoom.</source>
        <translation>悬停在词元上可查看与它最接近的词元；点击可选中它。拖动可平移，滚轮可缩放。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/embedding_scatter.py" line="296"/>
        <source>Nearest tokens (cosine similarity):</source>
        <translation>最接近的词元（余弦相似度）：</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/embedding_scatter.py" line="331"/>
        <source>Save map as PNG</source>
        <translation>将图保存为 PNG</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/embedding_scatter.py" line="331"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/embedding_scatter.py" line="335"/>
        <source>Save map as CSV</source>
        <translation>将图保存为 CSV</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/embedding_scatter.py" line="335"/>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <location filename="../../playground/qt/fields.py" line="21"/>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="21"/>
        <location filename="../../playground/qt/fields.py" line="80"/>
        <location filename="../../playground/qt/fields.py" line="102"/>
        <source> tokens</source>
        <translation> 个词元</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="21"/>
        <source>How many tokens the model can look back on when predicting the next one. Longer context lets it follow longer patterns, but attention cost grows with the square of this number and memory grows with it too.</source>
        <translation>模型预测下一个词元时能回看多少个词元。上下文越长，越能捕捉长距离的规律，但注意力的计算量随它的平方增长，内存也随之增加。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="25"/>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="25"/>
        <source>How many Transformer blocks are stacked. More layers can learn more complex patterns; each one adds parameters and makes every step slower.</source>
        <translation>堆叠多少个 Transformer 块。层数越多，能学到越复杂的规律；但每加一层都会增加参数，并让每一步变慢。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="28"/>
        <source>Attention heads</source>
        <translation>注意力头数</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="28"/>
        <source>Attention is split into this many heads that look at the context independently. Must divide the embedding size. Changing it barely changes the parameter count.</source>
        <translation>注意力被分成这么多个头，各自独立地观察上下文。必须能整除嵌入维度。改变它几乎不影响参数量。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="31"/>
        <source>Embedding size</source>
        <translation>嵌入维度</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="31"/>
        <source>The width of the vector that represents each token. Wider models learn more, but parameters and compute grow with the square of this number.</source>
        <translation>表示每个词元的向量宽度。越宽学得越多，但参数量和计算量随它的平方增长。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="34"/>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="34"/>
        <source>Fraction of activations randomly zeroed while training, to fight overfitting on small corpora. 0 trains fastest; 0.1–0.2 helps when validation loss rises while training loss keeps falling.</source>
        <translation>训练时随机置零的激活比例，用于在小语料上抑制过拟合。0 训练最快；当验证损失上升而训练损失仍在下降时，0.1–0.2 会有帮助。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="37"/>
        <source>Bias terms</source>
        <translation>偏置项</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="37"/>
        <source>Add bias vectors to the linear and normalisation layers, as GPT-2 does. Slightly more parameters; usually makes little difference.</source>
        <translation>像 GPT-2 一样给线性层和归一化层加上偏置向量。参数略多；通常影响不大。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="41"/>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="41"/>
        <source> sequences</source>
        <translation> 个序列</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="41"/>
        <source>How many text windows are processed together in one step. Larger batches give smoother, more reliable updates but each step takes longer and needs more memory.</source>
        <translation>每一步同时处理多少个文本窗口。批越大，更新越平稳可靠，但每一步更慢、占用内存更多。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="44"/>
        <source>Training steps</source>
        <translation>训练步数</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="44"/>
        <location filename="../../playground/qt/fields.py" line="56"/>
        <location filename="../../playground/qt/fields.py" line="59"/>
        <location filename="../../playground/qt/fields.py" line="74"/>
        <source> steps</source>
        <translation> 步</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="44"/>
        <source>How many optimizer steps to train for. More steps keep improving the model until it stops learning or starts to overfit; time grows in proportion.</source>
        <translation>训练多少个优化步。步数越多，模型会持续改进，直到学不动或开始过拟合；耗时成正比增加。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="47"/>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="47"/>
        <source>How big each update step is. Too low learns slowly; too high makes the loss jump around or become NaN. Small models tolerate about 1e-3.</source>
        <translation>每次更新的步子有多大。太小学得慢；太大会让损失剧烈跳动甚至变成 NaN。小模型一般可用 1e-3 左右。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="50"/>
        <source>Final learning rate</source>
        <translation>最终学习率</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="50"/>
        <source>The learning rate the cosine schedule decays to at the end. Usually a tenth of the learning rate.</source>
        <translation>余弦调度在结束时衰减到的学习率，通常取学习率的十分之一。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="53"/>
        <source>Schedule</source>
        <translation>调度方式</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="53"/>
        <source>How the learning rate changes over time: &apos;cosine&apos; warms up then slowly decays (usually best), &apos;constant&apos; warms up then stays flat.</source>
        <translation>学习率随时间如何变化：“余弦”先预热再缓慢衰减（通常最好），“恒定”预热后保持不变。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="56"/>
        <source>Warmup</source>
        <translation>预热</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="56"/>
        <source>Steps during which the learning rate climbs from zero, which keeps the first updates from wrecking the freshly initialised model.</source>
        <translation>学习率从零逐渐升高的步数，避免最初的几次更新破坏刚初始化的模型。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="59"/>
        <source>Decay length</source>
        <translation>衰减长度</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="59"/>
        <source>Steps over which the learning rate decays to its final value. 0 means the whole run.</source>
        <translation>学习率衰减到最终值所用的步数。0 表示整个训练过程。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="61"/>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="61"/>
        <source>Pulls weights gently towards zero (AdamW), a mild guard against overfitting. Applied to weight matrices only.</source>
        <translation>把权重轻轻拉向零（AdamW），温和地防止过拟合。只作用于权重矩阵。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="64"/>
        <source>Adam β1</source>
        <translation>Adam β1</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="64"/>
        <source>Momentum of the optimizer: how much of the previous update direction is kept. 0.9 is standard.</source>
        <translation>优化器的动量：保留多少上一次的更新方向。标准值为 0.9。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="66"/>
        <source>Adam β2</source>
        <translation>Adam β2</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="66"/>
        <source>How slowly the optimizer&apos;s estimate of gradient size changes. 0.99 suits small models, 0.999 large ones.</source>
        <translation>优化器对梯度大小的估计变化得有多慢。0.99 适合小模型，0.999 适合大模型。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="69"/>
        <source>Gradient clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="69"/>
        <source>Caps the size of each update to avoid sudden jumps that can ruin training. 0 turns it off.</source>
        <translation>限制每次更新的幅度，避免突然的大跳毁掉训练。0 表示关闭。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="71"/>
        <source>Gradient accumulation</source>
        <translation>梯度累积</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="71"/>
        <source> micro-batches</source>
        <translation> 个微批</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="71"/>
        <source>Adds up the gradients of several batches before one update: a larger effective batch without more memory, at the cost of proportionally slower steps.</source>
        <translation>把几个批的梯度累加后再更新一次：不增加内存就得到更大的有效批，代价是每一步按比例变慢。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="74"/>
        <source>Evaluate every</source>
        <translation>评估间隔</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="74"/>
        <source>How often to measure the training and validation loss, save the run and show a sample. Frequent evaluation gives more points and samples but takes time away from training.</source>
        <translation>多久测量一次训练和验证损失、保存运行并展示一段样本。评估越频繁，曲线点和样本越多，但会占用训练时间。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="77"/>
        <source>Evaluation batches</source>
        <translation>评估批数</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="77"/>
        <source>Batches averaged for each loss measurement. More gives a steadier estimate but each evaluation takes longer.</source>
        <translation>每次测量损失时平均的批数。越多估计越稳定，但每次评估更久。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="80"/>
        <source>Sample length</source>
        <translation>样本长度</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="80"/>
        <source>Length of the text generated at each evaluation so you can watch the model learn. 0 turns the samples off.</source>
        <translation>每次评估时生成的文本长度，方便你观察模型的学习过程。0 表示不生成样本。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="83"/>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="83"/>
        <source>The same seed gives the same run on a CPU, so results can be reproduced. Change it to see how much runs vary by chance.</source>
        <translation>在 CPU 上，相同的种子得到相同的训练结果，便于复现。换一个种子可以看看结果受随机性影响有多大。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="86"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="86"/>
        <source>Where to train: &apos;auto&apos; picks a CUDA GPU, then Apple&apos;s GPU, then the CPU.</source>
        <translation>在哪里训练：“自动”依次选择 CUDA GPU、Apple GPU、CPU。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="88"/>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="88"/>
        <source>Number format used for computing. bfloat16 is faster on recent GPUs and halves activation memory; on a CPU float32 is the safe choice. &apos;auto&apos; decides for you.</source>
        <translation>计算使用的数值格式。bfloat16 在较新的 GPU 上更快，并让激活内存减半；在 CPU 上 float32 最稳妥。“自动”会替你选择。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="91"/>
        <source>Compile the model</source>
        <translation>编译模型</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="91"/>
        <source>Use torch.compile: the first steps are much slower while the model is compiled, later steps can be faster. Worth it only for long runs.</source>
        <translation>使用 torch.compile：编译期间最初几步会慢很多，之后可能更快。只有长时间训练才值得。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="94"/>
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="94"/>
        <source>How many CPU threads PyTorch may use. 0 lets PyTorch decide. Leaving one core free keeps the rest of the computer responsive.</source>
        <translation>PyTorch 可以使用多少个 CPU 线程。0 表示由 PyTorch 决定。留出一个核心可以让电脑的其他部分保持流畅。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="98"/>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="98"/>
        <source>How text is cut into tokens. &apos;Characters&apos; gives one token per character: simple and exact, good for small corpora. &apos;BPE&apos; learns frequent pieces of words: shorter sequences, larger vocabulary, better for large corpora.</source>
        <translation>文本如何切分为词元。“字符”每个字符一个词元：简单精确，适合小语料。“BPE”学习常见的词片段：序列更短、词表更大，适合大语料。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="102"/>
        <source>BPE vocabulary</source>
        <translation>BPE 词表大小</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="102"/>
        <source>How many different tokens BPE learns. A larger vocabulary makes sequences shorter but the embedding and output layers bigger, and rare tokens are learned poorly.</source>
        <translation>BPE 学习多少种不同的词元。词表越大，序列越短，但嵌入层和输出层越大，罕见词元也学得更差。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="105"/>
        <source>Validation share</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="105"/>
        <source>The part of the corpus (taken from its end) never trained on and used to measure how well the model generalises.</source>
        <translation>语料中从不参与训练的部分（取自末尾），用来衡量模型的泛化能力。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="109"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="109"/>
        <source>Randomness of the output. 0 always picks the most likely token (repetitive); 1 follows the model&apos;s own odds; higher is wilder.</source>
        <translation>输出的随机程度。0 总是选最可能的词元（容易重复）；1 按模型自己的概率采样；更高则更天马行空。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="112"/>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="112"/>
        <source>Only the k most likely tokens can be picked. 0 allows all. Lower values are safer but duller.</source>
        <translation>只从最可能的 k 个词元中选。0 表示不限制。值越小越稳妥，但也越平淡。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="114"/>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="114"/>
        <source>Only the most likely tokens whose probabilities add up to p can be picked (nucleus sampling). 1 allows all.</source>
        <translation>只从概率累计达到 p 的最可能词元中选（核采样）。1 表示不限制。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="117"/>
        <source>Max new tokens</source>
        <translation>最多生成词元数</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="117"/>
        <source>Stop after this many tokens (or earlier at the end of a document).</source>
        <translation>生成这么多词元后停止（遇到文档结尾会更早停止）。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="119"/>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="119"/>
        <source>How many independent texts to generate from the same prompt.</source>
        <translation>从同一个提示生成多少段独立的文本。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="125"/>
        <source>cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="125"/>
        <source>constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="126"/>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="126"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="126"/>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="126"/>
        <source>Apple GPU (MPS)</source>
        <translation>Apple GPU (MPS)</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="127"/>
        <source>float32</source>
        <translation>float32</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="127"/>
        <source>bfloat16</source>
        <translation>bfloat16</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="127"/>
        <source>float16</source>
        <translation>float16</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="128"/>
        <source>Characters</source>
        <translation>字符</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="128"/>
        <source>BPE (byte pairs)</source>
        <translation>BPE（字节对）</translation>
    </message>
    <message>
        <location filename="../../playground/qt/fields.py" line="134"/>
        <source>{0}:</source>
        <translation>{0}：</translation>
    </message>
</context>
<context>
    <name>Form</name>
    <message>
        <location filename="../../playground/qt/session/form.py" line="53"/>
        <source>Unknown preset: {0}</source>
        <translation>未知的预设：{0}</translation>
    </message>
    <message>
        <location filename="../../playground/qt/session/form.py" line="62"/>
        <source>Settings cannot change while training; they apply to the next run. Stop the run first.</source>
        <translation>训练期间不能修改设置；设置将用于下一次运行。请先停止当前运行。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/session/form.py" line="98"/>
        <source>Load a corpus to train on (File ▸ Open corpus).</source>
        <translation>请先加载用于训练的语料（文件 ▸ 打开语料）。</translation>
    </message>
</context>
<context>
    <name>GeneratePanel</name>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="170"/>
        <source>Prompt (may be empty: the model then starts a new document):</source>
        <translation>提示（可以留空：模型将从一篇新文档开始）：</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="171"/>
        <source>Type the beginning of a text…</source>
        <translation>输入一段文本的开头…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="176"/>
        <source>The same seed and settings give the same text. -1 picks a new seed each time.</source>
        <translation>相同的种子和设置生成相同的文本。-1 表示每次换一个新种子。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="180"/>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="181"/>
        <source>Generate text from the prompt (Ctrl+Enter).</source>
        <translation>根据提示生成文本（Ctrl+Enter）。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="182"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="183"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="187"/>
        <source>50% or more</source>
        <translation>50% 及以上</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="187"/>
        <source>20–50%</source>
        <translation>20–50%</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="187"/>
        <source>5–20%</source>
        <translation>5–20%</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="187"/>
        <source>under 5%</source>
        <translation>低于 5%</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="189"/>
        <source>marked like this</source>
        <translation>会这样标出</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="192"/>
        <source>How sure the model was of each token it wrote: {0}. Hover a token for what it nearly said instead; click it to write one of those ({1}) and go on from there.</source>
        <translation>模型对所写每个词元的把握：{0}。把鼠标停在词元上，可看到它差点写出的其他词元；点击词元，可改写成其中之一（{1}）并从那里接着写。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="195"/>
        <source>Save PNG…</source>
        <translation>保存 PNG…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="197"/>
        <source>Save CSV…</source>
        <translation>保存 CSV…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="332"/>
        <source>No model yet: the bars show what a model would write after the prompt.</source>
        <translation>还没有模型：这些条形图显示模型在提示词之后会写什么。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="360"/>
        <source>Could not save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="242"/>
        <source>Model: a copy of the model being trained, taken at the current step.</source>
        <translation>模型：正在训练的模型在当前步的副本。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="244"/>
        <source>just trained</source>
        <translation>刚刚训练</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="244"/>
        <source>opened from disk</source>
        <translation>从磁盘打开</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="245"/>
        <source>, step {0}</source>
        <translation>，第 {0} 步</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="246"/>
        <source>Model: run {0}{1} ({2}).</source>
        <translation>模型：运行 {0}{1}（{2}）。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="248"/>
        <source>No model yet: train one (Training tab) or open a saved run (Runs).</source>
        <translation>还没有模型：先训练一个（“训练”标签页），或打开已保存的运行（“运行记录”）。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="256"/>
        <source>Generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="280"/>
        <source>— sample {0} —</source>
        <translation>— 样本 {0} —</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="291"/>
        <source>(no new text: the first token the model drew was the end of a document)</source>
        <translation>（没有新文本：模型抽到的第一个词元就是文档结尾）</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/generate.py" line="298"/>
        <source>{0} tokens in {1:.2f} s ({2:,.0f} tokens/s)</source>
        <translation>{0} 个词元，用时 {1:.2f} 秒（每秒 {2:,.0f} 个词元）</translation>
    </message>
</context>
<context>
    <name>Generation</name>
    <message>
        <location filename="../../playground/qt/session/generation.py" line="83"/>
        <source>Text is already being generated; stop it first.</source>
        <translation>正在生成文本；请先停止。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/session/generation.py" line="96"/>
        <source>There is no model yet: train one or open a saved run.</source>
        <translation>还没有模型：请先训练一个，或打开已保存的运行。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/session/generation.py" line="133"/>
        <source>Training ended before a copy of the model could be taken. Press Generate again to use the saved model.</source>
        <translation>训练在取得模型副本之前就结束了。请再次点击“生成”以使用已保存的模型。</translation>
    </message>
</context>
<context>
    <name>HeadGrid</name>
    <message>
        <location filename="../../playground/qt/widgets/head_grid.py" line="145"/>
        <source>L{0} H{1}</source>
        <translation>层{0} 头{1}</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/head_grid.py" line="192"/>
        <source>Layer {0}, head {1}. Click to see it large.</source>
        <translation>第 {0} 层，第 {1} 个头。点击可放大查看。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/head_grid.py" line="196"/>
        <source>Query &apos;{0}&apos; (position {1}) weighs key &apos;{2}&apos; (position {3}) most: {4:.1%}</source>
        <translation>查询“{0}”（位置 {1}）最看重键“{2}”（位置 {3}）：{4:.1%}</translation>
    </message>
</context>
<context>
    <name>HyperPanel</name>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="144"/>
        <source>Preset:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="145"/>
        <source>(custom)</source>
        <translation>（自定义）</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="146"/>
        <source>A ready-made starting point. Editing any value below makes it custom.</source>
        <translation>现成的起点。修改下面任意一项就会变成自定义。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="147"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="147"/>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="147"/>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="148"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="157"/>
        <source>Model summary</source>
        <translation>模型概要</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="158"/>
        <source>Parameters:</source>
        <translation>参数量：</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="159"/>
        <source>Training memory:</source>
        <translation>训练内存：</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="160"/>
        <source>FLOPs per token:</source>
        <translation>每词元 FLOPs：</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="161"/>
        <source>Tokens per step:</source>
        <translation>每步词元数：</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="163"/>
        <source>Rough estimate: weights, gradients and the optimizer&apos;s two moment buffers in float32, plus the activations kept for the backward pass.</source>
        <translation>粗略估计：float32 的权重、梯度和优化器的两组动量，加上为反向传播保留的激活。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="166"/>
        <source>Floating-point operations to train on one token (forward and backward), as nanoGPT estimates it.</source>
        <translation>按 nanoGPT 的估算，训练一个词元（前向加反向）所需的浮点运算次数。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="167"/>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="167"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="167"/>
        <source>Output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="167"/>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="168"/>
        <source>Settings are locked while a run trains; they apply to the next run.</source>
        <translation>训练期间设置被锁定；修改将用于下一次运行。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="199"/>
        <source>tiny: learns visibly in under a minute on a laptop CPU.</source>
        <translation>tiny：在笔记本电脑的 CPU 上一分钟内就能看到它在学习。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="200"/>
        <source>baby: nanoGPT&apos;s Shakespeare configuration for CPUs; a few minutes on a laptop.</source>
        <translation>baby：nanoGPT 在 CPU 上训练莎士比亚的配置；笔记本上需要几分钟。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="201"/>
        <source>small: nanoGPT&apos;s GPU configuration; very slow on a CPU.</source>
        <translation>small：nanoGPT 的 GPU 配置；在 CPU 上非常慢。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="202"/>
        <source>article: the Chinese article&apos;s model (BPE 10000, width 512, 2 layers), rebuilt as a proper causal decoder. Needs a GPU to be quick.</source>
        <translation>article：那篇中文文章里的模型（BPE 10000、宽度 512、2 层），重建为正确的因果解码器。需要 GPU 才能快。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="206"/>
        <source>Custom settings. Pick a preset to start again from a known-good configuration.</source>
        <translation>自定义设置。选择一个预设即可从可靠的配置重新开始。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="216"/>
        <source>{0} ({1} without position embeddings)</source>
        <translation>{0}（不含位置嵌入为 {1}）</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="221"/>
        <source>weights {0}, gradients {1}, optimizer {2}, activations {3}</source>
        <translation>权重 {0}，梯度 {1}，优化器 {2}，激活 {3}</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="227"/>
        <source>The vocabulary size is known once a corpus is loaded; until then the embedding rows count as 0.</source>
        <translation>加载语料后才知道词表大小；在此之前嵌入层按 0 行计算。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="242"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/hyper.py" line="252"/>
        <source>0 (shares {0})</source>
        <translation>0（与 {0} 共享）</translation>
    </message>
</context>
<context>
    <name>Library</name>
    <message>
        <location filename="../../playground/qt/session/library.py" line="63"/>
        <source>Stop the current training before opening another run.</source>
        <translation>请先停止当前训练，再打开其他运行。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/session/library.py" line="85"/>
        <source>Opened run {0}</source>
        <translation>已打开运行 {0}</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <location filename="../../playground/qt/widgets/loss_plot.py" line="167"/>
        <source>Save curves as PNG…</source>
        <translation>将曲线保存为 PNG…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/loss_plot.py" line="168"/>
        <source>Save curves as CSV…</source>
        <translation>将曲线保存为 CSV…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/loss_plot.py" line="169"/>
        <source>Smoothing:</source>
        <translation>平滑：</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/loss_plot.py" line="170"/>
        <source>How strongly the training loss is averaged over recent steps.</source>
        <translation>训练损失在最近若干步上平均的力度。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/loss_plot.py" line="171"/>
        <source>Log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/loss_plot.py" line="177"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/loss_plot.py" line="178"/>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/loss_plot.py" line="179"/>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/loss_plot.py" line="180"/>
        <source>Show the whole run</source>
        <translation>显示整个运行</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/loss_plot.py" line="182"/>
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/loss_plot.py" line="183"/>
        <source>smoothed</source>
        <translation>平滑后</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/loss_plot.py" line="184"/>
        <source>training loss (eval)</source>
        <translation>训练损失（评估）</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/loss_plot.py" line="185"/>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/loss_plot.py" line="352"/>
        <source>step {0}: loss {1:.4f}, smoothed {2:.4f}, learning rate {3:.3g}</source>
        <translation>第 {0} 步：损失 {1:.4f}，平滑后 {2:.4f}，学习率 {3:.3g}</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/loss_plot.py" line="356"/>
        <source>validation {0:.4f} at step {1}</source>
        <translation>第 {1} 步验证损失 {0:.4f}</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/loss_plot.py" line="363"/>
        <source>Save curves as PNG</source>
        <translation>将曲线保存为 PNG</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/loss_plot.py" line="363"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/loss_plot.py" line="369"/>
        <source>Save curves as CSV</source>
        <translation>将曲线保存为 CSV</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/loss_plot.py" line="369"/>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../playground/qt/main_window.py" line="159"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="160"/>
        <source>&amp;Open corpus…</source>
        <translation>打开语料(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="161"/>
        <source>Open corpus &amp;folder…</source>
        <translation>打开语料文件夹(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="162"/>
        <source>&amp;Paste text…</source>
        <translation>粘贴文本(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="163"/>
        <source>&amp;Recent corpora</source>
        <translation>最近的语料(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="164"/>
        <source>Open &amp;run…</source>
        <translation>打开运行(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="165"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="166"/>
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="167"/>
        <source>&amp;Generate text</source>
        <translation>生成文本(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="168"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="169"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="170"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="171"/>
        <source>&amp;About Transformer Playground</source>
        <translation>关于 Transformer 游乐场(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="172"/>
        <source>Corpus</source>
        <translation>语料</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="173"/>
        <source>Model &amp;&amp; training</source>
        <translation>模型与训练</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="174"/>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="175"/>
        <location filename="../../playground/qt/main_window.py" line="241"/>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="176"/>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="177"/>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="178"/>
        <source>Embeddings</source>
        <translation>嵌入</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="179"/>
        <source>&amp;Training curves</source>
        <translation>训练曲线(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="180"/>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="181"/>
        <source>&amp;Attention</source>
        <translation>注意力(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="182"/>
        <source>&amp;Embedding map</source>
        <translation>嵌入图(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="195"/>
        <source>Transformer Playground</source>
        <translation>Transformer 游乐场</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="205"/>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="219"/>
        <source>Open a run folder</source>
        <translation>打开运行文件夹</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="234"/>
        <source>About Transformer Playground</source>
        <translation>关于 Transformer 游乐场</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="235"/>
        <source>&lt;h3&gt;Transformer Playground {0}&lt;/h3&gt;&lt;p&gt;Train a small GPT on your own text and watch it learn, live.&lt;/p&gt;&lt;p&gt;Runs are saved in:&lt;br&gt;&lt;code&gt;{1}&lt;/code&gt;&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Transformer 游乐场 {0}&lt;/h3&gt;&lt;p&gt;用你自己的文本训练一个小型 GPT，实时看着它学习。&lt;/p&gt;&lt;p&gt;运行保存在：&lt;br&gt;&lt;code&gt;{1}&lt;/code&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="240"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="240"/>
        <source>Preparing…</source>
        <translation>正在准备…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="241"/>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="242"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="273"/>
        <source>Training is running</source>
        <translation>正在训练</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="274"/>
        <source>A run is training. Stop it, save it and quit?</source>
        <translation>有一个运行正在训练。要停止、保存并退出吗？</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="285"/>
        <source>Stopping and saving before quitting…</source>
        <translation>退出前正在停止并保存…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="316"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../playground/qt/main_window.py" line="317"/>
        <source>Something went wrong that the playground did not expect. Your saved runs are safe. The details below help to report the problem.</source>
        <translation>发生了程序没有预料到的错误。已保存的运行不受影响。下面的详细信息有助于报告这个问题。</translation>
    </message>
</context>
<context>
    <name>NextTokenBars</name>
    <message>
        <location filename="../../playground/qt/widgets/next_token_bars.py" line="67"/>
        <source>Save the bars as PNG…</source>
        <translation>将条形图保存为 PNG…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/next_token_bars.py" line="68"/>
        <source>Save the distribution as CSV…</source>
        <translation>将分布保存为 CSV…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/next_token_bars.py" line="110"/>
        <source>What the model would write next</source>
        <translation>模型接下来会写什么</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/next_token_bars.py" line="116"/>
        <source>the model&apos;s own probability</source>
        <translation>模型自身给出的概率</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/next_token_bars.py" line="117"/>
        <source>after your temperature, top-k and top-p</source>
        <translation>经过你设定的温度、top-k 和 top-p 之后</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/next_token_bars.py" line="153"/>
        <source>(end of text)</source>
        <translation>（文本结束）</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/next_token_bars.py" line="164"/>
        <source>Temperature 0: the sampler always takes the likeliest token.</source>
        <translation>温度为 0：采样器总是取最可能的词元。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/next_token_bars.py" line="166"/>
        <source>Greyed: cut off by top-k/top-p, never drawn.</source>
        <translation>灰色：被 top-k/top-p 截掉，不会被抽到。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/next_token_bars.py" line="169"/>
        <source>All other tokens: {0} → {1}</source>
        <translation>其余所有词元：{0} → {1}</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/next_token_bars.py" line="175"/>
        <source>Save the bars as PNG</source>
        <translation>将条形图保存为 PNG</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/next_token_bars.py" line="175"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/next_token_bars.py" line="181"/>
        <source>Save the distribution as CSV</source>
        <translation>将分布保存为 CSV</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/next_token_bars.py" line="182"/>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
</context>
<context>
    <name>PasteDialog</name>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="238"/>
        <source>Paste text to train on</source>
        <translation>粘贴用于训练的文本</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="240"/>
        <source>Paste or type at least a few thousand characters here…</source>
        <translation>在这里粘贴或输入至少几千个字符…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="242"/>
        <source>Pasted text</source>
        <translation>粘贴的文本</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/corpus.py" line="244"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="78"/>
        <source>Runs are saved in {0}</source>
        <translation>运行保存在 {0}</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="79"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="79"/>
        <source>Corpus</source>
        <translation>语料</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="79"/>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="79"/>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="80"/>
        <source>Validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="80"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="81"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="82"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="83"/>
        <source>Show this run&apos;s settings and curves and load its model for generating.</source>
        <translation>显示此运行的设置和曲线，并加载其模型用于生成。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="84"/>
        <source>Resume…</source>
        <translation>继续训练…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="85"/>
        <source>Continue training this run exactly where it was saved.</source>
        <translation>从保存处精确地继续训练此运行。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="86"/>
        <source>Show folder</source>
        <translation>显示文件夹</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="87"/>
        <source>Change folder…</source>
        <translation>更改文件夹…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="88"/>
        <source>No saved runs yet. Every run you train is saved here automatically.</source>
        <translation>还没有保存的运行。你训练的每个运行都会自动保存在这里。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="92"/>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="92"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="93"/>
        <source>incomplete</source>
        <translation>未完成</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="93"/>
        <source>not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="94"/>
        <source>no checkpoint</source>
        <translation>无检查点</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="96"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="123"/>
        <source>Ended before its first save: nothing to open a model from or resume.</source>
        <translation>在第一次保存之前就结束了：没有可打开的模型，也无法继续训练。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="134"/>
        <source>damaged</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="177"/>
        <source>Resume run</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="178"/>
        <source>This run finished its {0} steps. Train until which step?</source>
        <translation>此运行已完成全部 {0} 步。要训练到第几步？</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/runs.py" line="190"/>
        <source>Folder for saved runs</source>
        <translation>保存运行的文件夹</translation>
    </message>
</context>
<context>
    <name>TokenStrip</name>
    <message>
        <location filename="../../playground/qt/widgets/token_strip.py" line="130"/>
        <source>Position {0}: &apos;{1}&apos;</source>
        <translation>位置 {0}：“{1}”</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/token_strip.py" line="132"/>
        <source>weight from the query: {0:.1%}</source>
        <translation>查询给它的权重：{0:.1%}</translation>
    </message>
</context>
<context>
    <name>TokenText</name>
    <message>
        <location filename="../../playground/qt/widgets/token_text.py" line="107"/>
        <source>You chose this (the model gave it {0:.1%}). Click to choose again.</source>
        <translation>这是你选的（模型给它的概率是 {0:.1%}）。点击可重新选择。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/token_text.py" line="113"/>
        <source>The model gave this token {0:.1%}. Its likeliest tokens here:</source>
        <translation>模型给这个词元的概率是 {0:.1%}。此处最可能的词元：</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/token_text.py" line="116"/>
        <source>Click to write one of them instead and go on from there.</source>
        <translation>点击可改写成其中之一，并从那里接着写。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/token_text.py" line="172"/>
        <source>Instead of “{0}”, the model could have written:</source>
        <translation>除了“{0}”，模型还可能写出：</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/token_text.py" line="177"/>
        <source>(you chose this)</source>
        <translation>（你选的）</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/token_text.py" line="177"/>
        <source>(written)</source>
        <translation>（已写出）</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/token_text.py" line="179"/>
        <source>(the end of the text)</source>
        <translation>（文本结束）</translation>
    </message>
    <message>
        <location filename="../../playground/qt/widgets/token_text.py" line="181"/>
        <source>(part of a character)</source>
        <translation>（字符的一部分）</translation>
    </message>
</context>
<context>
    <name>Training</name>
    <message>
        <location filename="../../playground/qt/session/training.py" line="87"/>
        <source>A run is already training.</source>
        <translation>已经有一个运行在训练。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/session/training.py" line="89"/>
        <source>The corpus is still being prepared; try again in a moment.</source>
        <translation>语料仍在准备中，请稍后再试。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/session/training.py" line="103"/>
        <source>A run is already training. Stop it before resuming another.</source>
        <translation>已经有一个运行在训练。请先停止它，再继续训练另一个。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/session/training.py" line="115"/>
        <source>Preparing the data and the model…</source>
        <translation>正在准备数据和模型…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/session/training.py" line="145"/>
        <source>Training on {0}</source>
        <translation>正在 {0} 上训练</translation>
    </message>
    <message>
        <location filename="../../playground/qt/session/training.py" line="149"/>
        <source>Paused at step {0}</source>
        <translation>已在第 {0} 步暂停</translation>
    </message>
    <message>
        <location filename="../../playground/qt/session/training.py" line="155"/>
        <source>Stopped before the first step; nothing was saved.</source>
        <translation>在第一步之前已停止；没有保存任何内容。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/session/training.py" line="159"/>
        <source>Stopped at step {0}; the run is saved.</source>
        <translation>已在第 {0} 步停止；运行已保存。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/session/training.py" line="160"/>
        <source>Training finished after {0} steps.</source>
        <translation>训练完成，共 {0} 步。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/session/training.py" line="190"/>
        <source>Stopping: finishing the current step and saving…</source>
        <translation>正在停止：完成当前步并保存…</translation>
    </message>
</context>
<context>
    <name>TrainingActions</name>
    <message>
        <location filename="../../playground/qt/actions.py" line="41"/>
        <source>▶  Resume</source>
        <translation>▶  继续</translation>
    </message>
    <message>
        <location filename="../../playground/qt/actions.py" line="41"/>
        <source>❚❚  Pause</source>
        <translation>❚❚  暂停</translation>
    </message>
    <message>
        <location filename="../../playground/qt/actions.py" line="51"/>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../playground/qt/actions.py" line="52"/>
        <source>▶  Train</source>
        <translation>▶  训练</translation>
    </message>
    <message>
        <location filename="../../playground/qt/actions.py" line="53"/>
        <source>Start a new run with the corpus and settings on the left (Ctrl+T).</source>
        <translation>用左侧的语料和设置开始新的运行（Ctrl+T）。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/actions.py" line="54"/>
        <source>&amp;Pause / resume</source>
        <translation>暂停 / 继续(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../playground/qt/actions.py" line="55"/>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../playground/qt/actions.py" line="56"/>
        <source>■  Stop</source>
        <translation>■  停止</translation>
    </message>
    <message>
        <location filename="../../playground/qt/actions.py" line="57"/>
        <source>Stop after the current step; the run is evaluated and saved.</source>
        <translation>在当前步之后停止；运行会被评估并保存。</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <location filename="../../playground/qt/panels/training.py" line="124"/>
        <source>Watch it learn: a sample at each evaluation, newest first</source>
        <translation>看它学习：每次评估生成的样本，最新的在最上面</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/training.py" line="135"/>
        <source>Cannot train yet: {0}</source>
        <translation>暂时无法训练：{0}</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/training.py" line="198"/>
        <source>Run {0} · {1} parameters · {2}, {3}</source>
        <translation>运行 {0} · {1} 个参数 · {2}，{3}</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/training.py" line="197"/>
        <source>Run {0}</source>
        <translation>运行 {0}</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/training.py" line="249"/>
        <source>step %v of %m (%p%)</source>
        <translation>第 %v / %m 步（%p%）</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/training.py" line="251"/>
        <source>preparing…</source>
        <translation>正在准备…</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/training.py" line="255"/>
        <source>elapsed {0}</source>
        <translation>已用 {0}</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/training.py" line="263"/>
        <source>ETA {0}</source>
        <translation>剩余约 {0}</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/training.py" line="264"/>
        <source>{0} tokens/s</source>
        <translation>每秒 {0} 个词元</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/training.py" line="265"/>
        <source>epoch {0:.2f}</source>
        <translation>第 {0:.2f} 轮</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/training.py" line="266"/>
        <source>loss {0:.4f}</source>
        <translation>损失 {0:.4f}</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/training.py" line="269"/>
        <source>validation loss {0:.4f} (step {1})</source>
        <translation>验证损失 {0:.4f}（第 {1} 步）</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/training.py" line="271"/>
        <source>Press Train to start. The loss measures how surprised the model is by the next token; watch it fall.</source>
        <translation>点击“训练”开始。损失衡量模型对下一个词元有多“意外”；看着它下降吧。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/training.py" line="276"/>
        <source>Samples appear here at each evaluation: first noise, then words.</source>
        <translation>每次评估的样本会显示在这里：起初是乱码，然后渐渐成词。</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/training.py" line="281"/>
        <source>step {0}</source>
        <translation>第 {0} 步</translation>
    </message>
    <message>
        <location filename="../../playground/qt/panels/training.py" line="283"/>
        <source>validation loss {0:.3f}</source>
        <translation>验证损失 {0:.3f}</translation>
    </message>
</context>
</TS>
